import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { submissionDecider, submissionStreamId } from '@grants/domain';
import { StreamCommands } from '../../commands/stream-commands.service';
import { SubmissionContexts } from '../submission-context';
import { ReturnSubmission } from './return-submission.command';

@CommandHandler(ReturnSubmission)
export class ReturnSubmissionHandler implements ICommandHandler<ReturnSubmission> {
  constructor(
    private readonly streams: StreamCommands,
    private readonly contexts: SubmissionContexts,
  ) {}

  async execute({ fiscalYear, insurerCode, reason, context }: ReturnSubmission) {
    const facts = await this.contexts.forCommand(fiscalYear, insurerCode, context);
    return this.streams.handle(submissionStreamId(fiscalYear, insurerCode), submissionDecider, context, { type: 'ReturnSubmission', reason, context: facts });
  }
}
