import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { prefectureSubmissionDecider, prefectureSubmissionStreamId } from '@grants/domain';
import { StreamCommands } from '../../commands/stream-commands.service';
import { PrefectureSubmissionContexts } from '../prefecture-submission-context';
import { SubmitPrefectureSubmission } from './submit-prefecture-submission.command';

@CommandHandler(SubmitPrefectureSubmission)
export class SubmitPrefectureSubmissionHandler implements ICommandHandler<SubmitPrefectureSubmission> {
  constructor(
    private readonly streams: StreamCommands,
    private readonly contexts: PrefectureSubmissionContexts,
  ) {}

  async execute({ fiscalYear, prefectureCode, context }: SubmitPrefectureSubmission) {
    const facts = await this.contexts.forCommand(fiscalYear, prefectureCode, context);
    return this.streams.handle(prefectureSubmissionStreamId(fiscalYear, prefectureCode), prefectureSubmissionDecider, context, {
      type: 'SubmitPrefectureSubmission',
      context: facts,
    });
  }
}
