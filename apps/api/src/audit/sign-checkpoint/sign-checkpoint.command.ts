import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context';
import type { CheckpointView } from '../checkpoints/checkpoint-view';

/** 署名: sign the chain head now (on demand, besides the automatic checkpoints). Not an event: a row of audit_checkpoints. */
export class SignCheckpoint extends Command<CheckpointView> {
  constructor(readonly context: CommandContext) {
    super();
  }
}
