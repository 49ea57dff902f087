import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { grantCalculationDecider, grantCalculationStreamId, ScoreCorrected } from '@grants/domain';
import { Clock } from '../../commands/clock';
import { StreamCommands } from '../../commands/stream-commands.service';
import { FiscalYearReader } from '../../fiscal-year/fiscal-year.reader';
import { decidedData } from '../calculation-outcome';
import { ApproveScoreCorrection, CorrectionApprovalResult } from './approve-correction.command';

@CommandHandler(ApproveScoreCorrection)
export class ApproveCorrectionHandler implements ICommandHandler<ApproveScoreCorrection> {
  constructor(
    private readonly streams: StreamCommands,
    private readonly reader: FiscalYearReader,
    private readonly clock: Clock,
  ) {}

  async execute({ fiscalYear, correctionId, context }: ApproveScoreCorrection): Promise<CorrectionApprovalResult> {
    await this.reader.openedYear(fiscalYear);
    const command = { type: 'ApproveScoreCorrection', fiscalYear, now: this.clock.now(), correctionId, approvedBy: context.actor.actorId, approvedByIssuer: context.actor.issuer } as const;
    const outcome = await this.streams.handle(grantCalculationStreamId(fiscalYear), grantCalculationDecider, context, command);
    return { corrected: decidedData<ScoreCorrected>(outcome, 'ScoreCorrected'), version: outcome.version };
  }
}
