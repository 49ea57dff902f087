import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { fiscalYearDecider, fiscalYearStreamId } from '@grants/domain';
import { Clock } from '../../commands/clock';
import { StreamCommands } from '../../commands/stream-commands.service';
import { FiscalYearReader } from '../fiscal-year.reader';
import { RecordGrantStep } from './record-grant-step.command';

/** Decided on the fiscal year's stream; whether money is due back (返還) comes from the latest recalculation. */
@CommandHandler(RecordGrantStep)
export class RecordGrantStepHandler implements ICommandHandler<RecordGrantStep> {
  constructor(
    private readonly streams: StreamCommands,
    private readonly reader: FiscalYearReader,
    private readonly clock: Clock,
  ) {}

  async execute({ fiscalYear, step, date, reason, context }: RecordGrantStep) {
    await this.reader.openedYear(fiscalYear);
    const calculation = await this.reader.grantCalculation(fiscalYear);
    const refundsDue = (calculation.latestRecalculation?.differences ?? []).some((difference) => BigInt(difference.differenceYen) < 0n);
    return this.streams.handle(fiscalYearStreamId(fiscalYear), fiscalYearDecider, context, {
      type: 'RecordGrantStep',
      fiscalYear,
      step,
      date,
      reason,
      recordedBy: context.actor.actorId,
      refundsDue,
      now: this.clock.now(),
    });
  }
}
