import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PrefectureSubmissionContexts } from '../../prefecture-submission/prefecture-submission-context';
import { ReviewPrefectureAnswer } from './review-prefecture-answer.command';

@CommandHandler(ReviewPrefectureAnswer)
export class ReviewPrefectureAnswerHandler implements ICommandHandler<ReviewPrefectureAnswer> {
  constructor(private readonly prefectures: PrefectureSubmissionContexts) {}

  execute({ fiscalYear, prefectureCode, review, context }: ReviewPrefectureAnswer) {
    return this.prefectures.decide(fiscalYear, prefectureCode, context, (facts) => ({ type: 'ReviewPrefectureAnswer', review, context: facts }));
  }
}
