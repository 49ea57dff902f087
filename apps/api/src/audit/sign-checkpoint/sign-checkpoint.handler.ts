import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AuditCheckpoints } from '../checkpoints/audit-checkpoints.service';
import { checkpointView, CheckpointView } from '../checkpoints/checkpoint-view';
import { SignCheckpoint } from './sign-checkpoint.command';

@CommandHandler(SignCheckpoint)
export class SignCheckpointHandler implements ICommandHandler<SignCheckpoint> {
  constructor(private readonly checkpoints: AuditCheckpoints) {}

  async execute({ context }: SignCheckpoint): Promise<CheckpointView> {
    return checkpointView(await this.checkpoints.signHead('on demand', context.actor.actorId));
  }
}
