import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { submissionDecider, submissionStreamId } from '@grants/domain';
import { StreamCommands } from '../../commands/stream-commands.service';
import { SubmissionContexts } from '../submission-context';
import { SubmitSubmission } from './submit-submission.command';

@CommandHandler(SubmitSubmission)
export class SubmitSubmissionHandler implements ICommandHandler<SubmitSubmission> {
  constructor(
    private readonly streams: StreamCommands,
    private readonly contexts: SubmissionContexts,
  ) {}

  async execute({ fiscalYear, insurerCode, context }: SubmitSubmission) {
    const facts = await this.contexts.forCommand(fiscalYear, insurerCode, context);
    return this.streams.handle(submissionStreamId(fiscalYear, insurerCode), submissionDecider, context, { type: 'SubmitSubmission', context: facts });
  }
}
