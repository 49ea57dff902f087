import { Command } from '@nestjs/cqrs';
import type { IndicatorAnswer } from '@grants/domain';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/stream-commands.service';

/** 都道府県の自己評価の保存: the prefecture's answers to the prefectural framework, until its deadline. */
export class SavePrefectureAnswers extends Command<CommandOutcome> {
  constructor(
    readonly fiscalYear: string,
    readonly prefectureCode: string,
    readonly answers: Readonly<Record<string, IndicatorAnswer>>,
    readonly context: CommandContext,
  ) {
    super();
  }
}
