import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { submissionDecider, submissionStreamId } from '@grants/domain';
import { StreamCommands } from '../../commands/stream-commands.service';
import { SubmissionContexts } from '../submission-context';
import { SaveAnswers } from './save-answers.command';

@CommandHandler(SaveAnswers)
export class SaveAnswersHandler implements ICommandHandler<SaveAnswers> {
  constructor(
    private readonly streams: StreamCommands,
    private readonly contexts: SubmissionContexts,
  ) {}

  async execute({ fiscalYear, insurerCode, answers, context }: SaveAnswers) {
    const facts = await this.contexts.forCommand(fiscalYear, insurerCode, context);
    return this.streams.handle(submissionStreamId(fiscalYear, insurerCode), submissionDecider, context, { type: 'SaveAnswers', answers, context: facts });
  }
}
