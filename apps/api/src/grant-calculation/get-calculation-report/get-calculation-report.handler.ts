import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { grantCalculationDecider, grantCalculationStreamId, PREFECTURES, registerDecider, registerStreamId } from '@grants/domain';
import { StreamReads } from '../../commands/stream-commands.service';
import { FiscalYearReader } from '../../fiscal-year/fiscal-year.reader';
import { noCalculation, poolsInForce } from '../calculation-in-force';
import { reportCsv, reportRows, reportXlsx } from '../grant-report';
import { CalculationReportFile, GetCalculationReport } from './get-calculation-report.query';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@QueryHandler(GetCalculationReport)
export class GetCalculationReportHandler implements IQueryHandler<GetCalculationReport> {
  constructor(
    private readonly streams: StreamReads,
    private readonly reader: FiscalYearReader,
  ) {}

  async execute({ fiscalYear, format, encoding }: GetCalculationReport): Promise<CalculationReportFile> {
    await this.reader.openedYear(fiscalYear);
    const { state } = await this.streams.load(grantCalculationStreamId(fiscalYear), grantCalculationDecider);
    const pools = poolsInForce(state);
    if (!pools) throw noCalculation(fiscalYear);
    const names = await this.names(fiscalYear);
    const recalculation = state.latestRecalculation;
    const label = recalculation ? `再算定${recalculation.recalculationNumber}` : state.finalized ? '確定' : `試算${state.latest?.trialNumber}`;
    const base = `kofugaku-${fiscalYear}-${recalculation ? `recalculation${recalculation.recalculationNumber}` : state.finalized ? 'final' : `trial${state.latest?.trialNumber}`}`;
    if (format === 'xlsx') return { label, fileName: `${base}.xlsx`, contentType: XLSX, body: await reportXlsx(pools, names) };
    const charset = encoding === 'shift_jis' ? 'Shift_JIS' : 'UTF-8';
    return { label, fileName: `${base}.csv`, contentType: `text/csv; charset=${charset}`, body: reportCsv(reportRows(pools, names), encoding) };
  }

  /** Recipients' names as registered for the year (insurers) or as the prefectures are called; else the code. */
  private async names(fiscalYear: string): Promise<(code: string) => string> {
    const { state: register } = await this.streams.load(registerStreamId(fiscalYear), registerDecider);
    return (code: string) => register.insurers.get(code)?.name ?? PREFECTURES.find((p) => p.code === code)?.name ?? code;
  }
}
