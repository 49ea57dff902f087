import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/stream-commands.service';

/** 提出: the insurer (or its prefecture on its behalf) submits its self-evaluation; every self-assessed indicator must be answered. */
export class SubmitSubmission extends Command<CommandOutcome> {
  constructor(
    readonly fiscalYear: string,
    readonly insurerCode: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
