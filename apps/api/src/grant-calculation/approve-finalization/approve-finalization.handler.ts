import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { grantCalculationDecider, grantCalculationStreamId, GrantsFinalized } from '@grants/domain';
import { Clock } from '../../commands/clock';
import { StreamCommands } from '../../commands/stream-commands.service';
import { FiscalYearReader } from '../../fiscal-year/fiscal-year.reader';
import { decidedData } from '../calculation-outcome';
import { ApproveFinalization, FinalizationResult } from './approve-finalization.command';

@CommandHandler(ApproveFinalization)
export class ApproveFinalizationHandler implements ICommandHandler<ApproveFinalization> {
  constructor(
    private readonly streams: StreamCommands,
    private readonly reader: FiscalYearReader,
    private readonly clock: Clock,
  ) {}

  async execute({ fiscalYear, context }: ApproveFinalization): Promise<FinalizationResult> {
    await this.reader.openedYear(fiscalYear);
    const command = { type: 'ApproveFinalization', fiscalYear, now: this.clock.now(), approvedBy: context.actor.actorId, approvedByIssuer: context.actor.issuer } as const;
    const outcome = await this.streams.handle(grantCalculationStreamId(fiscalYear), grantCalculationDecider, context, command);
    return { finalized: decidedData<GrantsFinalized>(outcome, 'GrantsFinalized'), version: outcome.version };
  }
}
