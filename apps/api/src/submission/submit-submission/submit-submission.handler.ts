import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { SubmissionContexts } from '../submission-context';
import { SubmitSubmission } from './submit-submission.command';

@CommandHandler(SubmitSubmission)
export class SubmitSubmissionHandler implements ICommandHandler<SubmitSubmission> {
  constructor(private readonly insurers: SubmissionContexts) {}

  execute({ fiscalYear, insurerCode, context }: SubmitSubmission) {
    return this.insurers.decide(fiscalYear, insurerCode, context, (facts) => ({ type: 'SubmitSubmission', context: facts }));
  }
}
