import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { grantCalculationDecider, grantCalculationStreamId, settlesRequests } from '@grants/domain';
import { Clock } from '../../commands/clock';
import { StreamCommands } from '../../commands/stream-commands.service';
import { FiscalYearReader } from '../../fiscal-year/fiscal-year.reader';
import { CalculationInputsLoader } from '../calculation-inputs.loader';
import { RequestFinalization } from './request-finalization.command';

@CommandHandler(RequestFinalization)
export class RequestFinalizationHandler implements ICommandHandler<RequestFinalization> {
  constructor(
    private readonly streams: StreamCommands,
    private readonly reader: FiscalYearReader,
    private readonly inputs: CalculationInputsLoader,
    private readonly clock: Clock,
  ) {}

  async execute({ fiscalYear, trialNumber, context }: RequestFinalization) {
    const year = await this.reader.openedYear(fiscalYear);
    // A settlement year settles under the requests as they stand once the window has closed (a trial, then asked for).
    const settlement = settlesRequests(year.allocationRuleVersion) ? { ...(await this.inputs.load(year)), phase: year.phase } : undefined;
    return this.streams.handle(grantCalculationStreamId(fiscalYear), grantCalculationDecider, context, {
      type: 'RequestFinalization',
      fiscalYear,
      now: this.clock.now(),
      trialNumber,
      requestedBy: context.actor.actorId,
      requestedByIssuer: context.actor.issuer,
      settlement,
    });
  }
}
