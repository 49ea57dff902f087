import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/stream-commands.service';

/** 差戻し: the prefecture (or the ministry) sends a submitted self-evaluation back, with a reason. */
export class ReturnSubmission extends Command<CommandOutcome> {
  constructor(
    readonly fiscalYear: string,
    readonly insurerCode: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
