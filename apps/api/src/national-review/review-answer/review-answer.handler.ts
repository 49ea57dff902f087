import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { submissionDecider, submissionStreamId } from '@grants/domain';
import { StreamCommands } from '../../commands/stream-commands.service';
import { SubmissionContexts } from '../../submission/submission-context';
import { ReviewAnswer } from './review-answer.command';

@CommandHandler(ReviewAnswer)
export class ReviewAnswerHandler implements ICommandHandler<ReviewAnswer> {
  constructor(
    private readonly streams: StreamCommands,
    private readonly contexts: SubmissionContexts,
  ) {}

  async execute({ fiscalYear, insurerCode, review, context }: ReviewAnswer) {
    const facts = await this.contexts.forCommand(fiscalYear, insurerCode, context);
    return this.streams.handle(submissionStreamId(fiscalYear, insurerCode), submissionDecider, context, { type: 'ReviewAnswer', review, context: facts });
  }
}
