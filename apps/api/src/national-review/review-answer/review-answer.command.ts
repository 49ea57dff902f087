import { Command } from '@nestjs/cqrs';
import type { AnswerReview } from '@grants/domain';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/stream-commands.service';

/** 国の審査: a reviewer accepts an insurer's answer, or corrects it with a reason. */
export class ReviewAnswer extends Command<CommandOutcome> {
  constructor(
    readonly fiscalYear: string,
    readonly insurerCode: string,
    readonly review: AnswerReview,
    readonly context: CommandContext,
  ) {
    super();
  }
}
