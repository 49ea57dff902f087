import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  DomainError,
  fiscalYearDecider,
  fiscalYearNotFound,
  fiscalYearStreamId,
  grantCalculationDecider,
  grantCalculationStreamId,
  nationalFiguresDecider,
  NationalFiguresState,
  nationalFiguresStreamId,
  registerDecider,
  RegisteredInsurer,
  registerStreamId,
  requireOpened,
  submissionDecider,
  submissionStreamId,
} from '@grants/domain';
import { EventStore } from '@grants/event-store';
import { StreamReads } from '../commands/stream-commands.service';
import { currentAsOf } from '../common/as-of';
import { calculationAmountsFold, calculationInForce, CALCULATION_AMOUNT_PROJECTION, YearCalculation } from '../grant-calculation/calculation-amount.projection';
import { readModelAnswers } from '../projections/read-model-lag';
import { REGISTERED_INSURER_PROJECTION } from '../register/registered-insurer.projection';
import { checkLabel, OpenedFiscalYear } from './fiscal-year.reader';
import { FISCAL_YEAR_VIEW_PROJECTION } from './fiscal-year-view.projection';
import { CalculationProgress, ReadinessSources, ReturnedSubmission } from './readiness.service';
import { calculationOf, CALCULATION_IN_FORCE_SQL, INSURER_SQL, YEAR_SQL, YEAR_WITH_FRAMEWORKS_SQL, YearRow, YearRowWithFrameworks } from './year-views.sql';

/** An opened fiscal year as most queries need it: without its two frameworks, with its stream version (the ETag). */
export type YearSummary = Omit<OpenedFiscalYear, 'municipalFramework' | 'prefecturalFramework'> & { readonly version: bigint };

/** Folds a grant-calculation stream into the calculations the `calculation_amount` projection writes. */

/**
 * The query side's reading of a fiscal year: the `fiscal_year_view`, `registered_insurer` and `calculation_amount` read
 * models, never the command side's cache. Like the scores reader, it answers from the tables whenever they show the
 * stream as it is; with `?asOf=`, or while the projection has not yet applied the stream's last event, the stream is
 * folded with StreamReads (through the projection's own pure function where there is one), so every answer is the
 * same as the tables would give at that point.
 */
@Injectable()
export class YearViews implements ReadinessSources {
  constructor(
    private readonly dataSource: DataSource,
    private readonly streams: StreamReads,
    private readonly store: EventStore,
  ) {}

  /** A fiscal year from a path parameter: 400 for a malformed label, 404 when it was never opened. */
  async openedYear(fiscalYear: string): Promise<YearSummary> {
    checkLabel(fiscalYear);
    if (await this.answers(FISCAL_YEAR_VIEW_PROJECTION, fiscalYearStreamId(fiscalYear))) {
      const [row] = (await this.dataSource.query(YEAR_SQL, [fiscalYear])) as YearRow[];
      if (!row) throw fiscalYearNotFound(fiscalYear);
      return { ...row, status: 'opened', version: BigInt(row.version) };
    }
    const { municipalFramework: _m, prefecturalFramework: _p, ...year } = await this.foldYear(fiscalYear);
    return year;
  }

  /** The same, with the year's two frameworks (readiness, the framework route). */
  async openedYearWithFrameworks(fiscalYear: string): Promise<OpenedFiscalYear & { readonly version: bigint }> {
    checkLabel(fiscalYear);
    if (await this.answers(FISCAL_YEAR_VIEW_PROJECTION, fiscalYearStreamId(fiscalYear))) {
      const [row] = (await this.dataSource.query(YEAR_WITH_FRAMEWORKS_SQL, [fiscalYear])) as YearRowWithFrameworks[];
      if (!row) throw fiscalYearNotFound(fiscalYear);
      return { ...row, status: 'opened', version: BigInt(row.version) };
    }
    return this.foldYear(fiscalYear);
  }

  /** The year's register, ordered by code; one prefecture's insurers when given. */
  async register(fiscalYear: string, prefecture?: string): Promise<RegisteredInsurer[]> {
    // `?prefecture=a&prefecture=b` arrives as an array: no insurer's prefecture equals it.
    if (prefecture !== undefined && typeof prefecture !== 'string') return [];
    if (await this.answers(REGISTERED_INSURER_PROJECTION, registerStreamId(fiscalYear))) {
      const rows: RegisteredInsurer[] = await this.dataSource.query(`${INSURER_SQL} WHERE fiscal_year = $1 AND ($2::text IS NULL OR prefecture_code = $2) ORDER BY code COLLATE "C"`, [
        fiscalYear,
        prefecture ?? null,
      ]);
      return rows;
    }
    const { state } = await this.streams.load(registerStreamId(fiscalYear), registerDecider);
    return [...state.insurers.values()].filter((i) => prefecture === undefined || i.prefectureCode === prefecture).sort((a, b) => (a.code < b.code ? -1 : 1));
  }

  /** One registered insurer; 404 REGISTER.INSURER_NOT_FOUND when the year's register does not hold it. */
  async registeredInsurer(fiscalYear: string, code: string): Promise<RegisteredInsurer> {
    let insurer: RegisteredInsurer | undefined;
    if (await this.answers(REGISTERED_INSURER_PROJECTION, registerStreamId(fiscalYear))) {
      [insurer] = (await this.dataSource.query(`${INSURER_SQL} WHERE fiscal_year = $1 AND code = $2`, [fiscalYear, code])) as RegisteredInsurer[];
    } else {
      insurer = (await this.streams.load(registerStreamId(fiscalYear), registerDecider)).state.insurers.get(code);
    }
    if (!insurer) {
      throw new DomainError('not_found', 'REGISTER.INSURER_NOT_FOUND', `保険者 ${code} は ${fiscalYear} に登録されていません。`, `Insurer ${code} is not registered for ${fiscalYear}.`, 'insurerCode');
    }
    return insurer;
  }

  async registeredCount(fiscalYear: string): Promise<number> {
    if (!(await this.answers(REGISTERED_INSURER_PROJECTION, registerStreamId(fiscalYear)))) return (await this.register(fiscalYear)).length;
    const [{ n }] = (await this.dataSource.query('SELECT count(*)::int AS n FROM registered_insurer WHERE fiscal_year = $1', [fiscalYear])) as { n: number }[];
    return n;
  }

  /** The calculation whose amounts are in force (the latest recalculation, else the final, else the latest trial). */
  async calculationInForce(fiscalYear: string): Promise<YearCalculation | undefined> {
    if (await this.answers(CALCULATION_AMOUNT_PROJECTION, grantCalculationStreamId(fiscalYear))) {
      return calculationOf(await this.dataSource.query(CALCULATION_IN_FORCE_SQL, [fiscalYear]));
    }
    return calculationInForce((await this.streams.load(grantCalculationStreamId(fiscalYear), calculationAmountsFold)).state);
  }

  async calculationProgress(fiscalYear: string): Promise<CalculationProgress> {
    if (await this.answers(CALCULATION_AMOUNT_PROJECTION, grantCalculationStreamId(fiscalYear))) {
      const [progress] = (await this.dataSource.query(
        `SELECT EXISTS (SELECT 1 FROM calculation_amount WHERE fiscal_year = $1 AND calculation LIKE 'trial:%') AS "trialRun",
                EXISTS (SELECT 1 FROM calculation_amount WHERE fiscal_year = $1 AND calculation = 'final') AS finalized`,
        [fiscalYear],
      )) as CalculationProgress[];
      return progress;
    }
    const calculations = (await this.streams.load(grantCalculationStreamId(fiscalYear), calculationAmountsFold)).state?.calculations ?? [];
    return { trialRun: calculations.some((c) => c.ref.startsWith('trial:')), finalized: calculations.some((c) => c.ref === 'final') };
  }

  /** Whether a draft is published (内示): the grant calculation's stream folded with StreamReads (no read model holds it). */
  async draftPublished(fiscalYear: string): Promise<boolean> {
    return (await this.streams.load(grantCalculationStreamId(fiscalYear), grantCalculationDecider)).state.draft !== undefined;
  }

  /**
   * The returned submissions: their codes from `submission_overview` once it has applied the whole log (else every
   * registered insurer's stream is read), each returned stream folded with StreamReads for its reopening date.
   */
  async returnedSubmissions(fiscalYear: string): Promise<ReturnedSubmission[]> {
    const codes = (await this.overviewCaughtUp())
      ? ((await this.dataSource.query(`SELECT insurer_code AS code FROM submission_overview WHERE fiscal_year = $1 AND status = 'returned' ORDER BY insurer_code COLLATE "C"`, [
          fiscalYear,
        ])) as { code: string }[]).map((row) => row.code)
      : (await this.register(fiscalYear)).map((insurer) => insurer.code);
    const returned: ReturnedSubmission[] = [];
    for (const insurerCode of codes) {
      const { state } = await this.streams.load(submissionStreamId(fiscalYear, insurerCode), submissionDecider);
      if (state.status === 'returned') returned.push({ insurerCode, state });
    }
    return returned;
  }

  /** The national figures (no read model of their own: the stream is small), folded with StreamReads. */
  async nationalFigures(fiscalYear: string): Promise<NationalFiguresState> {
    return (await this.streams.load(nationalFiguresStreamId(fiscalYear), nationalFiguresDecider)).state;
  }

  /** The year folded from its stream (as of the request's point, or while the table is behind). */
  private async foldYear(fiscalYear: string): Promise<OpenedFiscalYear & { readonly version: bigint }> {
    const { state, version } = await this.streams.load(fiscalYearStreamId(fiscalYear), fiscalYearDecider);
    return { ...requireOpened(state, fiscalYear), version };
  }

  private async overviewCaughtUp(): Promise<boolean> {
    if (currentAsOf()) return false;
    const rows: { position: string }[] = await this.dataSource.query(`SELECT position::text AS position FROM projection_checkpoints WHERE name = 'submission_overview'`);
    return rows.length > 0 && BigInt(rows[0].position) >= (await this.store.headPosition());
  }

  private answers(projection: string, streamId: string): Promise<boolean> {
    return readModelAnswers(this.dataSource, this.store, projection, streamId);
  }
}
