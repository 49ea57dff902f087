import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/stream-commands.service';

/** 提出: the prefecture submits its own self-evaluation; every self-assessed indicator and the 所要見込額 must be there. */
export class SubmitPrefectureSubmission extends Command<CommandOutcome> {
  constructor(
    readonly fiscalYear: string,
    readonly prefectureCode: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
