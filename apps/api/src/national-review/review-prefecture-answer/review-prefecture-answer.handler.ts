import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { prefectureSubmissionDecider, prefectureSubmissionStreamId } from '@grants/domain';
import { StreamCommands } from '../../commands/stream-commands.service';
import { PrefectureSubmissionContexts } from '../../prefecture-submission/prefecture-submission-context';
import { ReviewPrefectureAnswer } from './review-prefecture-answer.command';

@CommandHandler(ReviewPrefectureAnswer)
export class ReviewPrefectureAnswerHandler implements ICommandHandler<ReviewPrefectureAnswer> {
  constructor(
    private readonly streams: StreamCommands,
    private readonly contexts: PrefectureSubmissionContexts,
  ) {}

  async execute({ fiscalYear, prefectureCode, review, context }: ReviewPrefectureAnswer) {
    const facts = await this.contexts.forCommand(fiscalYear, prefectureCode, context);
    return this.streams.handle(prefectureSubmissionStreamId(fiscalYear, prefectureCode), prefectureSubmissionDecider, context, {
      type: 'ReviewPrefectureAnswer',
      review,
      context: facts,
    });
  }
}
