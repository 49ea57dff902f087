import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { grantCalculationDecider, grantCalculationStreamId, grantMaximum, ScoreCorrectionRequested } from '@grants/domain';
import { Clock } from '../../commands/clock';
import { StreamCommands } from '../../commands/stream-commands.service';
import { FiscalYearReader, OpenedFiscalYear } from '../../fiscal-year/fiscal-year.reader';
import { CalculationInputsLoader } from '../calculation-inputs.loader';
import { decidedData } from '../calculation-outcome';
import { CorrectionRequestResult, RequestScoreCorrection, ScoreCorrection } from './request-correction.command';

@CommandHandler(RequestScoreCorrection)
export class RequestCorrectionHandler implements ICommandHandler<RequestScoreCorrection> {
  constructor(
    private readonly streams: StreamCommands,
    private readonly reader: FiscalYearReader,
    private readonly inputs: CalculationInputsLoader,
    private readonly clock: Clock,
  ) {}

  async execute({ fiscalYear, correction, context }: RequestScoreCorrection): Promise<CorrectionRequestResult> {
    const year = await this.reader.openedYear(fiscalYear);
    const framework = correction.level === 'municipal' ? year.municipalFramework : year.prefecturalFramework;
    const command = {
      type: 'RequestScoreCorrection',
      fiscalYear,
      now: this.clock.now(),
      correction: { ...correction, requestedBy: context.actor.actorId, requestedByIssuer: context.actor.issuer },
      // The scores are read once the grants are finalized; before, the decider refuses the correction anyway.
      recorded: (await this.reader.grantCalculation(fiscalYear)).finalized ? await this.recordedScores(year, correction) : new Map<string, number>(),
      maximum: grantMaximum(framework, correction.grant),
    } as const;
    const outcome = await this.streams.handle(grantCalculationStreamId(fiscalYear), grantCalculationDecider, context, command);
    return { requested: decidedData<ScoreCorrectionRequested>(outcome, 'ScoreCorrectionRequested'), version: outcome.version };
  }

  /** The recipients a correction may name, each with its score in the grant as scored when the year moved to 'scored'. */
  private async recordedScores(year: OpenedFiscalYear, { level, grant }: ScoreCorrection): Promise<ReadonlyMap<string, number>> {
    const recipients = await this.inputs.recipients(year.fiscalYear, level);
    const { inputs } = await this.inputs.load(year);
    const rows = level === 'municipal' ? inputs.insurers : inputs.prefectures;
    const scores = new Map(rows.map((row) => [row.code, row.grantScores[grant]]));
    return new Map([...recipients].map((code) => [code, scores.get(code) ?? 0]));
  }
}
