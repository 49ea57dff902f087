import { calculationInputs, hashCalculationInputs, municipalRequestsOf as municipalRequests } from '../grant-calculation/calculation-inputs';
import { recalculate, RecordedPool, runTrialCalculation } from '../grant-calculation/grant-calculation';
import { scoreFiscalYear } from '../scoring/fiscal-year-scoring';
import { IndicatorStatistic } from '../scoring/indicator-statistics';
import { RecordedInsurerScore, ScoresCalculated } from '../scoring/scores-calculated';
import { streamCategoryOf } from '../streams/stream-id';
import { FiscalYearHistory, isFiscalYearEvent, isGrantCalculationEvent, ReplayedEvent } from './fiscal-year-history';

export type { ReplayedEvent } from './fiscal-year-history';

/** A recorded decision that the replay did not reproduce: which event, which recipient, both values. */
export interface ReplayMismatch {
  readonly position: string;
  readonly eventId: string;
  readonly type: string;
  readonly recipient: string | null;
  readonly field: string;
  readonly recorded: string;
  readonly recomputed: string;
}

export interface ReplayReport {
  readonly fiscalYear: string;
  readonly events: number;
  /** Recorded decisions recomputed: scorings, trial calculations and recalculations. */
  readonly decisions: number;
  readonly mismatches: readonly ReplayMismatch[];
  /** The year's last event: its chain head, when the events carry hashes. */
  readonly head?: { readonly position: string; readonly hash?: string };
}

/**
 * Rebuilds a fiscal year from its events alone, in global order, and recomputes every recorded decision with the
 * pure domain functions from the state just before it: the scores (ScoresCalculated), each trial calculation and
 * each recalculation. Whatever differs is reported with the event, the recipient and both values.
 */
export function replayFiscalYear(fiscalYear: string, events: Iterable<ReplayedEvent>): ReplayReport {
  const replay = new FiscalYearReplay(fiscalYear);
  for (const event of events) replay.apply(event);
  return replay.report();
}

/** The replay one event at a time, for callers that stream the log in pages (CLI, bench). */
export class FiscalYearReplay {
  readonly history: FiscalYearHistory;
  private readonly mismatches: ReplayMismatch[] = [];
  private decisions = 0;

  constructor(readonly fiscalYear: string) {
    this.history = new FiscalYearHistory(fiscalYear);
  }

  apply(event: ReplayedEvent): void {
    const h = this.history;
    if (!h.belongs(event)) return;
    const mismatch = (recipient: string | null, field: string, recorded: unknown, recomputed: unknown) =>
      this.mismatches.push({ position: event.position.toString(), eventId: event.eventId, type: event.type, recipient, field, recorded: String(recorded), recomputed: String(recomputed) });
    const year = h.year;
    if (isFiscalYearEvent(event) && event.type === 'ScoresCalculated' && year.status === 'opened' && streamCategoryOf(event.streamId) === 'fiscal_year') {
      const recorded = event;
      this.decisions += 1;
      try {
        const recomputed = scoreFiscalYear(
          { year, register: h.register, submissions: h.submissions, prefectureSubmissions: h.prefectureSubmissions, figures: h.figures },
          new Date(recorded.data.calculatedAt),
        );
        if (recorded.data.inputsSha256 !== recomputed.data.inputsSha256) mismatch(null, 'inputsSha256', recorded.data.inputsSha256, recomputed.data.inputsSha256);
        compareScores(recorded.data.insurers, recomputed.data.insurers, mismatch);
        compareScores(recorded.data.prefectures, recomputed.data.prefectures, mismatch);
        compareAdditions(recorded.data, recomputed.data, mismatch);
      } catch (error) {
        mismatch(null, 'decision', 'recorded', `not reproducible: ${(error as Error).message}`);
      }
    }
    if (isGrantCalculationEvent(event) && (event.type === 'GrantTrialCalculated' || event.type === 'GrantsRecalculated') && year.status === 'opened' && h.latestScores) {
      this.decisions += 1;
      try {
        const inputs = calculationInputs(year, h.latestScores, h.register, h.prefectureSubmissions, municipalRequests(h.submissions));
        const hash = hashCalculationInputs(inputs);
        if (event.type === 'GrantTrialCalculated') {
          const recorded = event.data;
          const [recomputed] = runTrialCalculation(inputs, hash, h.calculation, year.phase, new Date(recorded.calculatedAt));
          if (recorded.inputsSha256 !== hash) mismatch(null, 'inputsSha256', recorded.inputsSha256, hash);
          comparePools(recorded.pools, recomputed.data.pools, mismatch);
        } else {
          const recorded = event.data;
          const [recomputed] = recalculate(inputs, hash, h.calculation, new Date(recorded.calculatedAt));
          comparePools(recorded.pools, recomputed.data.pools, mismatch);
        }
      } catch (error) {
        mismatch(null, 'decision', 'recorded', `not reproducible: ${(error as Error).message}`);
      }
    }
    h.apply(event);
  }

  report(): ReplayReport {
    const last = this.history.last;
    return {
      fiscalYear: this.fiscalYear,
      events: this.history.events,
      decisions: this.decisions,
      mismatches: this.mismatches,
      ...(last ? { head: { position: last.position.toString(), ...(last.hash ? { hash: last.hash } : {}) } } : {}),
    };
  }
}

export type MismatchReporter = (recipient: string | null, field: string, recorded: unknown, recomputed: unknown) => void;

function compareScores(recorded: readonly RecordedInsurerScore[], recomputed: readonly RecordedInsurerScore[], report: MismatchReporter): void {
  const again = new Map(recomputed.map((s) => [s.code, s]));
  for (const score of recorded) {
    const other = again.get(score.code);
    if (!other) {
      report(score.code, 'score', score.score, 'absent');
      continue;
    }
    if (score.score !== other.score) report(score.code, 'score', score.score, other.score);
    score.groups.forEach((group, i) => {
      if (group.score !== other.groups[i]?.score) report(score.code, `${group.grant}/${group.groupId}`, group.score, other.groups[i]?.score);
    });
    if (score.ranks.national.ordinal !== other.ranks.national.ordinal) report(score.code, 'rank', score.ranks.national.ordinal, other.ranks.national.ordinal);
    // Recorded since the size bands were added: compared when present.
    const band = score.ranks.sizeBand;
    const bandAgain = other.ranks.sizeBand;
    if (band && (!bandAgain || sizeBandText(band) !== sizeBandText(bandAgain))) report(score.code, 'sizeBandRank', sizeBandText(band), bandAgain ? sizeBandText(bandAgain) : 'absent');
  }
  const recordedCodes = new Set(recorded.map((s) => s.code));
  for (const code of again.keys()) if (!recordedCodes.has(code)) report(code, 'score', 'absent', again.get(code)?.score);
}

const sizeBandText = (b: NonNullable<RecordedInsurerScore['ranks']['sizeBand']>) => `${b.band}:${b.rank.competition}/${b.rank.outOf}#${b.rank.ordinal}`;

const STATISTIC_FIELDS = ['grant', 'groupId', 'maxPoints', 'n', 'average', 'median', 'sd', 'applicableRate'] as const;

/** The fields recorded since issue 11 (activity year, indicator statistics): compared only where the event has them. */
function compareAdditions(recorded: ScoresCalculated['data'], recomputed: ScoresCalculated['data'], report: MismatchReporter): void {
  if (recorded.activityYear !== undefined && recorded.activityYear !== recomputed.activityYear) report(null, 'activityYear', recorded.activityYear, recomputed.activityYear ?? 'absent');
  if (!recorded.indicatorStatistics) return;
  for (const level of ['municipal', 'prefectural'] as const) {
    const again = new Map((recomputed.indicatorStatistics?.[level] ?? []).map((s) => [s.indicatorId, s]));
    const mine = recorded.indicatorStatistics[level];
    for (const statistic of mine) {
      const other: IndicatorStatistic | undefined = again.get(statistic.indicatorId);
      for (const field of STATISTIC_FIELDS) {
        if (statistic[field] !== other?.[field]) report(null, `statistics.${level}.${statistic.indicatorId}.${field}`, statistic[field], other?.[field] ?? 'absent');
      }
    }
    const ids = new Set(mine.map((s) => s.indicatorId));
    for (const id of again.keys()) if (!ids.has(id)) report(null, `statistics.${level}.${id}`, 'absent', 'computed');
  }
}

const POOL_SETTLEMENT_FIELDS = ['rounding', 'draftYen', 'freedYen', 'additionalYen', 'roundingRemainderYen', 'unplacedYen', 'unallocatedYen'] as const;
const RECIPIENT_SETTLEMENT_FIELDS = ['draftYen', 'additionalYen', 'filled'] as const;

/** Reports every recorded amount a recomputation does not reproduce; 案 / 追加交付 columns only where recorded. */
export function comparePools(recorded: readonly RecordedPool[], recomputed: readonly RecordedPool[], report: MismatchReporter): void {
  for (const pool of recorded) {
    const other = recomputed.find((p) => p.pool === pool.pool);
    if (pool.placedYen !== other?.placedYen) report(null, `${pool.pool}.placedYen`, pool.placedYen, other?.placedYen);
    const again = new Map(other?.recipients.map((r) => [r.code, r]) ?? []);
    // 案 / 追加交付 and the pool's totals, recorded since issue 12: compared only where the event has them.
    const settled = pool.draftYen !== undefined;
    if (settled) {
      for (const field of POOL_SETTLEMENT_FIELDS) if (pool[field] !== other?.[field]) report(null, `${pool.pool}.${field}`, pool[field], other?.[field] ?? 'absent');
    }
    for (const recipient of pool.recipients) {
      const mine = again.get(recipient.code);
      if (recipient.amountYen !== mine?.amountYen) report(recipient.code, `${pool.pool}.amountYen`, recipient.amountYen, mine?.amountYen);
      for (const field of RECIPIENT_SETTLEMENT_FIELDS) {
        if (recipient[field] !== undefined && recipient[field] !== mine?.[field]) report(recipient.code, `${pool.pool}.${field}`, recipient[field], mine?.[field] ?? 'absent');
      }
      for (const [id, yen] of Object.entries(recipient.components ?? {})) {
        if (yen !== mine?.components?.[id]) report(recipient.code, `${pool.pool}.components.${id}`, yen, mine?.components?.[id] ?? 'absent');
      }
    }
  }
}
