import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { SubmissionContexts } from '../submission-context';
import { SaveAnswers } from './save-answers.command';

@CommandHandler(SaveAnswers)
export class SaveAnswersHandler implements ICommandHandler<SaveAnswers> {
  constructor(private readonly insurers: SubmissionContexts) {}

  execute({ fiscalYear, insurerCode, answers, context }: SaveAnswers) {
    return this.insurers.decide(fiscalYear, insurerCode, context, (facts) => ({ type: 'SaveAnswers', answers, context: facts }));
  }
}
