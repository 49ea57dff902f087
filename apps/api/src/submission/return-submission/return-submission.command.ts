import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/stream-commands.service';

/** 差戻し: the prefecture (or the ministry) sends a submitted self-evaluation back, with a reason and the date it reopens until. */
export class ReturnSubmission extends Command<CommandOutcome> {
  constructor(
    readonly fiscalYear: string,
    readonly insurerCode: string,
    readonly reason: string,
    readonly context: CommandContext,
    /** Until when the insurer may amend and resubmit; REOPEN_RULE's date when absent. */
    readonly reopenUntil?: string,
  ) {
    super();
  }
}
