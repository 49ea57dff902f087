import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError, grantAndActivityYears, grantCalculationStreamId, isGrantCalculationEvent, PREFECTURES } from '@grants/domain';
import type { RegisteredInsurer } from '@grants/domain';
import type { RecordedEvent } from '@grants/event-store';
import { StreamReads } from '../../commands/stream-commands.service';
import { YearViews } from '../../fiscal-year/year-views.reader';
import { calculationAmountsFold, calculationInForce, YearCalculation } from '../calculation-amount.projection';
import { noCalculation, recalculationNumber } from '../calculation-in-force';
import { grantReport, ReportLevel } from '../grant-report';
import { reportCsv, reportXlsx } from './calculation-report.writer';
import { CalculationReportFile, GetCalculationReport } from './get-calculation-report.query';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The year's calculations with their pools as recorded (案, 追加交付 and the pools' remainders included). */

@QueryHandler(GetCalculationReport)
export class GetCalculationReportHandler implements IQueryHandler<GetCalculationReport> {
  constructor(
    private readonly views: YearViews,
    private readonly streams: StreamReads,
  ) {}

  /**
   * Reads the grant-calculation stream (StreamReads) rather than `calculation_amount`: the list needs every column the
   * calculation recorded (案, 追加交付, the pools' rounding remainders) and, after a recalculation, the finalized amounts.
   */
  async execute({ fiscalYear, format, encoding, calculation: wanted }: GetCalculationReport): Promise<CalculationReportFile> {
    const years = grantAndActivityYears(fiscalYear, (await this.views.openedYearWithFrameworks(fiscalYear)).municipalFramework.activityYear);
    const { state: calculations, events } = await this.streams.load(grantCalculationStreamId(fiscalYear), calculationAmountsFold);
    const calculation = wanted === undefined ? calculationInForce(calculations) : calculations?.calculations.find((c) => c.ref === wanted);
    if (!calculation) throw wanted === undefined ? noCalculation(fiscalYear) : unknownCalculation(fiscalYear, wanted);
    const { ref, trialNumber } = calculation;
    const recalculation = recalculationNumber(ref);
    const finalPools = recalculation === null ? undefined : finalOf(calculations?.calculations ?? []).pools;
    const label = recalculation !== null ? `再算定${recalculation}` : ref === 'final' ? '確定' : `試算${trialNumber}`;
    const register = await this.views.register(fiscalYear);
    const report = grantReport({ label, years, pools: calculation.pools, finalPools, decidedAt: decidedAtOf(events, calculation), nameOf: namesOf(register), personsOf: personsOf(register) });
    const base = `kofugaku-${fiscalYear}-${recalculation !== null ? `recalculation${recalculation}` : ref === 'final' ? 'final' : `trial${trialNumber}`}`;
    if (format === 'xlsx') return { label, fileName: `${base}.xlsx`, contentType: XLSX, body: await reportXlsx(report) };
    const charset = encoding === 'shift_jis' ? 'Shift_JIS' : 'UTF-8';
    return { label, fileName: `${base}.csv`, contentType: `text/csv; charset=${charset}`, body: reportCsv(report, encoding) };
  }
}

/** When the calculation was decided: the time its event records (calculatedAt of a trial or recalculation, finalizedAt). */
function decidedAtOf(events: readonly RecordedEvent[], calculation: YearCalculation): string | undefined {
  const event = events.find((e) => e.position === calculation.position);
  if (!event || !isGrantCalculationEvent(event)) return undefined;
  if (event.type === 'GrantsFinalized') return event.data.finalizedAt;
  return event.type === 'GrantTrialCalculated' || event.type === 'GrantsRecalculated' ? event.data.calculatedAt : undefined;
}

function finalOf(calculations: readonly YearCalculation[]): YearCalculation {
  const final = calculations.find((c) => c.ref === 'final');
  if (!final) throw new Error('a recalculation without a finalized calculation');
  return final;
}

function unknownCalculation(fiscalYear: string, ref: string): DomainError {
  return new DomainError('not_found', 'CALCULATION.NONE', `${fiscalYear} に算定 ${ref} はありません。`, `${fiscalYear} has no calculation ${ref}.`, 'calculation');
}

/** Recipients' names as registered for the year (insurers) or as the prefectures are called; else the code. */
function namesOf(register: readonly RegisteredInsurer[]): (code: string) => string {
  const insurers = new Map(register.map((insurer) => [insurer.code, insurer.name]));
  return (code) => insurers.get(code) ?? PREFECTURES.find((p) => p.code === code)?.name ?? code;
}

/** 第1号被保険者数: an insurer's as registered; a prefecture's the sum of its insurers' (a 広域連合's own row left out). */
function personsOf(register: readonly RegisteredInsurer[]): (level: ReportLevel, code: string) => number | null {
  const insurers = new Map(register.map((insurer) => [insurer.code, insurer.category1InsuredPersons]));
  const prefectures = new Map<string, number>();
  for (const insurer of register.filter((i) => !i.isUnion)) prefectures.set(insurer.prefectureCode, (prefectures.get(insurer.prefectureCode) ?? 0) + insurer.category1InsuredPersons);
  return (level, code) => (level === 'municipal' ? insurers.get(code) : prefectures.get(code)) ?? null;
}
