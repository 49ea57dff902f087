import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PrefectureSubmissionContexts } from '../prefecture-submission-context';
import { SubmitPrefectureSubmission } from './submit-prefecture-submission.command';

@CommandHandler(SubmitPrefectureSubmission)
export class SubmitPrefectureSubmissionHandler implements ICommandHandler<SubmitPrefectureSubmission> {
  constructor(private readonly prefectures: PrefectureSubmissionContexts) {}

  execute({ fiscalYear, prefectureCode, context }: SubmitPrefectureSubmission) {
    return this.prefectures.decide(fiscalYear, prefectureCode, context, (facts) => ({ type: 'SubmitPrefectureSubmission', context: facts }));
  }
}
