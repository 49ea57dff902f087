import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { prefectureSubmissionDecider, prefectureSubmissionStreamId } from '@grants/domain';
import { StreamCommands } from '../../commands/stream-commands.service';
import { PrefectureSubmissionContexts } from '../prefecture-submission-context';
import { SavePrefectureAnswers } from './save-prefecture-answers.command';

@CommandHandler(SavePrefectureAnswers)
export class SavePrefectureAnswersHandler implements ICommandHandler<SavePrefectureAnswers> {
  constructor(
    private readonly streams: StreamCommands,
    private readonly contexts: PrefectureSubmissionContexts,
  ) {}

  async execute({ fiscalYear, prefectureCode, answers, context }: SavePrefectureAnswers) {
    const facts = await this.contexts.forCommand(fiscalYear, prefectureCode, context);
    return this.streams.handle(prefectureSubmissionStreamId(fiscalYear, prefectureCode), prefectureSubmissionDecider, context, {
      type: 'SavePrefectureAnswers',
      answers,
      context: facts,
    });
  }
}
