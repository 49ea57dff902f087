import { Command } from '@nestjs/cqrs';
import type { IndicatorAnswer } from '@grants/domain';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/stream-commands.service';

/** 回答の保存・修正: an insurer's answers (or its prefecture's, on its behalf), until the deadline. */
export class SaveAnswers extends Command<CommandOutcome> {
  constructor(
    readonly fiscalYear: string,
    readonly insurerCode: string,
    readonly answers: Readonly<Record<string, IndicatorAnswer>>,
    readonly context: CommandContext,
  ) {
    super();
  }
}
