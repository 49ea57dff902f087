import { scoreFiscalYear } from '../scoring/fiscal-year-scoring';
import { IndicatorStatistic } from '../scoring/indicator-statistics';
import { RecordedInsurerScore, ScoresCalculated } from '../scoring/scores-calculated';
import { streamCategoryOf } from '../streams/stream-id';
import { MismatchReporter, RecomputedCalculation, replayCalculationDecision } from './calculation-replay';
import { FiscalYearHistory, isFiscalYearEvent, isGrantCalculationEvent, ReplayedEvent } from './fiscal-year-history';

export { checkPoolInvariants, compareDifferences, comparePools } from './calculation-replay';
export type { MismatchReporter } from './calculation-replay';

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
  /**
   * Recorded decisions recomputed: scorings and every event of the grant calculation (trials, 内示, the finalization
   * request and its approval, score corrections asked for and approved, recalculations with their differences).
   */
  readonly decisions: number;
  readonly mismatches: readonly ReplayMismatch[];
  /** The year's last event: its chain head, when the events carry hashes. */
  readonly head?: { readonly position: string; readonly hash?: string };
}

/**
 * Rebuilds a fiscal year from its events alone, in global order, and recomputes every recorded decision with the
 * pure domain functions from the state just before it: the scores (ScoresCalculated) and every decision of the grant
 * calculation (calculation-replay.ts: trials, 内示, finalization, score corrections, recalculations and their
 * differences), and checks the pool invariants of every calculated amount. Whatever differs is reported with the
 * event, the recipient, the field and both values.
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
  private readonly recomputed: RecomputedCalculation = {};
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
    if (isGrantCalculationEvent(event) && year.status === 'opened') {
      try {
        if (replayCalculationDecision(event, h, year, this.recomputed, mismatch)) this.decisions += 1;
      } catch (error) {
        this.decisions += 1;
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

/** The fields recorded since framework format v2 (activity year, indicator statistics): compared only where the event has them. */
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
