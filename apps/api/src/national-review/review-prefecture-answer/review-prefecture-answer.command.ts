import { Command } from '@nestjs/cqrs';
import type { AnswerReview } from '@grants/domain';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/stream-commands.service';

/** 国の審査 of a prefecture: a reviewer accepts one of the prefecture's own answers, or corrects it with a reason. */
export class ReviewPrefectureAnswer extends Command<CommandOutcome> {
  constructor(
    readonly fiscalYear: string,
    readonly prefectureCode: string,
    readonly review: AnswerReview,
    readonly context: CommandContext,
  ) {
    super();
  }
}
