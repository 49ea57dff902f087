import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { prefectureSubmissionDecider, prefectureSubmissionStreamId } from '@grants/domain';
import { StreamCommands } from '../../commands/stream-commands.service';
import { PrefectureSubmissionContexts } from '../prefecture-submission-context';
import { SetRequestedAmounts } from './set-requested-amounts.command';

@CommandHandler(SetRequestedAmounts)
export class SetRequestedAmountsHandler implements ICommandHandler<SetRequestedAmounts> {
  constructor(
    private readonly streams: StreamCommands,
    private readonly contexts: PrefectureSubmissionContexts,
  ) {}

  async execute({ fiscalYear, prefectureCode, amounts, context }: SetRequestedAmounts) {
    const facts = await this.contexts.forCommand(fiscalYear, prefectureCode, context);
    return this.streams.handle(prefectureSubmissionStreamId(fiscalYear, prefectureCode), prefectureSubmissionDecider, context, {
      type: 'SetRequestedAmounts',
      amounts,
      context: facts,
    });
  }
}
