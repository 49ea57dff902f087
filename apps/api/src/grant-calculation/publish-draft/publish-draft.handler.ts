import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { grantCalculationDecider, grantCalculationStreamId } from '@grants/domain';
import { Clock } from '../../commands/clock';
import { StreamCommands } from '../../commands/stream-commands.service';
import { FiscalYearReader } from '../../fiscal-year/fiscal-year.reader';
import { PublishDraft } from './publish-draft.command';

@CommandHandler(PublishDraft)
export class PublishDraftHandler implements ICommandHandler<PublishDraft> {
  constructor(
    private readonly streams: StreamCommands,
    private readonly reader: FiscalYearReader,
    private readonly clock: Clock,
  ) {}

  async execute({ fiscalYear, trialNumber, context }: PublishDraft) {
    const year = await this.reader.openedYear(fiscalYear);
    return this.streams.handle(grantCalculationStreamId(fiscalYear), grantCalculationDecider, context, {
      type: 'PublishDraft',
      fiscalYear,
      now: this.clock.now(),
      trialNumber,
      publishedBy: context.actor.actorId,
      phase: year.phase,
    });
  }
}
