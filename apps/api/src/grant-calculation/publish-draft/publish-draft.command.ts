import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/stream-commands.service';

/** 内示: a national administrator publishes a trial as the draft 交付見込額（案）. */
export class PublishDraft extends Command<CommandOutcome> {
  constructor(
    readonly fiscalYear: string,
    readonly trialNumber: number,
    readonly context: CommandContext,
  ) {
    super();
  }
}
