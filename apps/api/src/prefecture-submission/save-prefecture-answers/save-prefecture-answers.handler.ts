import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PrefectureSubmissionContexts } from '../prefecture-submission-context';
import { SavePrefectureAnswers } from './save-prefecture-answers.command';

@CommandHandler(SavePrefectureAnswers)
export class SavePrefectureAnswersHandler implements ICommandHandler<SavePrefectureAnswers> {
  constructor(private readonly prefectures: PrefectureSubmissionContexts) {}

  execute({ fiscalYear, prefectureCode, answers, context }: SavePrefectureAnswers) {
    return this.prefectures.decide(fiscalYear, prefectureCode, context, (facts) => ({ type: 'SavePrefectureAnswers', answers, context: facts }));
  }
}
