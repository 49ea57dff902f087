import { Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Roles } from '../../auth/auth.decorators';
import { CommandMeta } from '../../commands/command-context';
import type { CommandContext } from '../../commands/command-context';
import { AuditController } from '../audit-path';
import { SignCheckpoint } from './sign-checkpoint.command';

@AuditController()
export class SignCheckpointController {
  constructor(private readonly commandBus: CommandBus) {}

  /** 署名: signs the chain head now (201 with the checkpoint); the service also signs after each phase change and finalization. */
  @Post('checkpoints')
  @Roles('national-admin')
  sign(@CommandMeta() meta: CommandContext) {
    return this.commandBus.execute(new SignCheckpoint(meta));
  }
}
