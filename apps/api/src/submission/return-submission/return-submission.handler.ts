import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { SubmissionContexts } from '../submission-context';
import { ReturnSubmission } from './return-submission.command';

@CommandHandler(ReturnSubmission)
export class ReturnSubmissionHandler implements ICommandHandler<ReturnSubmission> {
  constructor(private readonly insurers: SubmissionContexts) {}

  execute({ fiscalYear, insurerCode, reason, reopenUntil, context }: ReturnSubmission) {
    return this.insurers.decide(fiscalYear, insurerCode, context, (facts) => ({ type: 'ReturnSubmission', reason, reopenUntil, context: facts }));
  }
}
