import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { grantAndActivityYears, PREFECTURES } from '@grants/domain';
import { YearViews } from '../../fiscal-year/year-views.reader';
import { noCalculation, recalculationNumber } from '../calculation-in-force';
import { reportCsv, reportRows, reportXlsx } from '../grant-report';
import { CalculationReportFile, GetCalculationReport } from './get-calculation-report.query';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@QueryHandler(GetCalculationReport)
export class GetCalculationReportHandler implements IQueryHandler<GetCalculationReport> {
  constructor(private readonly views: YearViews) {}

  async execute({ fiscalYear, format, encoding }: GetCalculationReport): Promise<CalculationReportFile> {
    const years = grantAndActivityYears(fiscalYear, (await this.views.openedYearWithFrameworks(fiscalYear)).municipalFramework.activityYear);
    const calculation = await this.views.calculationInForce(fiscalYear);
    if (!calculation) throw noCalculation(fiscalYear);
    const { pools, ref, trialNumber } = calculation;
    const names = await this.names(fiscalYear);
    const recalculation = recalculationNumber(ref);
    const label = recalculation !== null ? `再算定${recalculation}` : ref === 'final' ? '確定' : `試算${trialNumber}`;
    const base = `kofugaku-${fiscalYear}-${recalculation !== null ? `recalculation${recalculation}` : ref === 'final' ? 'final' : `trial${trialNumber}`}`;
    if (format === 'xlsx') return { label, fileName: `${base}.xlsx`, contentType: XLSX, body: await reportXlsx(pools, names, years) };
    const charset = encoding === 'shift_jis' ? 'Shift_JIS' : 'UTF-8';
    return { label, fileName: `${base}.csv`, contentType: `text/csv; charset=${charset}`, body: reportCsv(reportRows(pools, names), encoding, years) };
  }

  /** Recipients' names as registered for the year (insurers) or as the prefectures are called; else the code. */
  private async names(fiscalYear: string): Promise<(code: string) => string> {
    const insurers = new Map((await this.views.register(fiscalYear)).map((insurer) => [insurer.code, insurer.name]));
    return (code: string) => insurers.get(code) ?? PREFECTURES.find((p) => p.code === code)?.name ?? code;
  }
}
