import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PrefectureSubmissionContexts } from '../prefecture-submission-context';
import { SetRequestedAmounts } from './set-requested-amounts.command';

@CommandHandler(SetRequestedAmounts)
export class SetRequestedAmountsHandler implements ICommandHandler<SetRequestedAmounts> {
  constructor(private readonly prefectures: PrefectureSubmissionContexts) {}

  execute({ fiscalYear, prefectureCode, amounts, context }: SetRequestedAmounts) {
    return this.prefectures.decide(fiscalYear, prefectureCode, context, (facts) => ({ type: 'SetRequestedAmounts', amounts, context: facts }));
  }
}
