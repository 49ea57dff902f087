import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { grantCalculationDecider, grantCalculationStreamId } from '@grants/domain';
import { Clock } from '../../commands/clock';
import { StreamCommands } from '../../commands/stream-commands.service';
import { FiscalYearReader } from '../../fiscal-year/fiscal-year.reader';
import { RequestFinalization } from './request-finalization.command';

@CommandHandler(RequestFinalization)
export class RequestFinalizationHandler implements ICommandHandler<RequestFinalization> {
  constructor(
    private readonly streams: StreamCommands,
    private readonly reader: FiscalYearReader,
    private readonly clock: Clock,
  ) {}

  async execute({ fiscalYear, trialNumber, context }: RequestFinalization) {
    await this.reader.openedYear(fiscalYear);
    return this.streams.handle(grantCalculationStreamId(fiscalYear), grantCalculationDecider, context, {
      type: 'RequestFinalization',
      fiscalYear,
      now: this.clock.now(),
      trialNumber,
      requestedBy: context.actor.actorId,
      requestedByIssuer: context.actor.issuer,
    });
  }
}
