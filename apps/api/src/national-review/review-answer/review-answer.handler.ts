import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { SubmissionContexts } from '../../submission/submission-context';
import { ReviewAnswer } from './review-answer.command';

@CommandHandler(ReviewAnswer)
export class ReviewAnswerHandler implements ICommandHandler<ReviewAnswer> {
  constructor(private readonly insurers: SubmissionContexts) {}

  execute({ fiscalYear, insurerCode, review, context }: ReviewAnswer) {
    return this.insurers.decide(fiscalYear, insurerCode, context, (facts) => ({ type: 'ReviewAnswer', review, context: facts }));
  }
}
