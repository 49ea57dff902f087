import { calculationInputs, hashCalculationInputs } from '../grant-calculation/calculation-inputs';
import {
  evolveGrantCalculation,
  GrantCalculationState,
  GrantsRecalculated,
  GrantTrialCalculated,
  initialGrantCalculationState,
  recalculate,
  RecordedPool,
  runTrialCalculation,
} from '../grant-calculation/grant-calculation';
import { evolveFiscalYear, FiscalYearState, initialFiscalYearState } from '../fiscal-year/fiscal-year';
import { evolveNationalFigures, initialNationalFiguresState } from '../national-review/national-figures';
import { evolveRegister, initialRegisterState } from '../register/register';
import { scoreFiscalYear } from '../scoring/fiscal-year-scoring';
import { RecordedInsurerScore, ScoresCalculated } from '../scoring/scores-calculated';
import { evolvePrefectureSubmission, initialPrefectureSubmissionState, PrefectureSubmissionState } from '../submission/prefecture-submission';
import { evolveSubmission, initialSubmissionState, SubmissionState } from '../submission/submission';

/** The shape of a stored event the replay needs (the event store's RecordedEvent satisfies it). */
export interface ReplayedEvent {
  readonly position: bigint;
  readonly eventId: string;
  readonly streamId: string;
  readonly type: string;
  readonly data: unknown;
}

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
}

/**
 * Rebuilds a fiscal year from its events alone, in global order, and recomputes every recorded decision with the
 * pure domain functions from the state just before it: the scores (ScoresCalculated), each trial calculation and
 * each recalculation. Whatever differs is reported with the event, the recipient and both values.
 */
export function replayFiscalYear(fiscalYear: string, events: readonly ReplayedEvent[]): ReplayReport {
  let year: FiscalYearState = initialFiscalYearState;
  let register = initialRegisterState;
  let figures = initialNationalFiguresState;
  let calculation: GrantCalculationState = initialGrantCalculationState;
  let latestScores: ScoresCalculated | undefined;
  const submissions = new Map<string, SubmissionState>();
  const prefectureSubmissions = new Map<string, PrefectureSubmissionState>();
  const mismatches: ReplayMismatch[] = [];
  let decisions = 0;
  let count = 0;

  for (const event of events) {
    const [category, rest] = splitStream(event.streamId);
    if (!rest.startsWith(fiscalYear) || (rest !== fiscalYear && !rest.startsWith(`${fiscalYear}-`))) continue;
    count += 1;
    const mismatch = (recipient: string | null, field: string, recorded: unknown, recomputed: unknown) =>
      mismatches.push({ position: event.position.toString(), eventId: event.eventId, type: event.type, recipient, field, recorded: String(recorded), recomputed: String(recomputed) });
    switch (category) {
      case 'fiscal_year':
        if (event.type === 'ScoresCalculated' && year.status === 'opened') {
          const recorded = event as unknown as ScoresCalculated;
          decisions += 1;
          try {
            const recomputed = scoreFiscalYear({ year, register, submissions, prefectureSubmissions, figures }, new Date(recorded.data.calculatedAt));
            if (recorded.data.inputsSha256 !== recomputed.data.inputsSha256) mismatch(null, 'inputsSha256', recorded.data.inputsSha256, recomputed.data.inputsSha256);
            compareScores(recorded.data.insurers, recomputed.data.insurers, mismatch);
            compareScores(recorded.data.prefectures, recomputed.data.prefectures, mismatch);
          } catch (error) {
            mismatch(null, 'decision', 'recorded', `not reproducible: ${(error as Error).message}`);
          }
          latestScores = recorded;
        }
        year = evolveFiscalYear(year, event);
        break;
      case 'register':
        register = evolveRegister(register, event);
        break;
      case 'submission': {
        const code = rest.slice(fiscalYear.length + 1);
        submissions.set(code, evolveSubmission(submissions.get(code) ?? initialSubmissionState, event));
        break;
      }
      case 'prefecture_submission': {
        const code = rest.slice(fiscalYear.length + 1);
        prefectureSubmissions.set(code, evolvePrefectureSubmission(prefectureSubmissions.get(code) ?? initialPrefectureSubmissionState, event));
        break;
      }
      case 'national_figures':
        figures = evolveNationalFigures(figures, event);
        break;
      case 'grant_calculation':
        if ((event.type === 'GrantTrialCalculated' || event.type === 'GrantsRecalculated') && year.status === 'opened' && latestScores) {
          decisions += 1;
          try {
            const inputs = calculationInputs(year, latestScores, register, prefectureSubmissions);
            const hash = hashCalculationInputs(inputs);
            if (event.type === 'GrantTrialCalculated') {
              const recorded = (event as unknown as GrantTrialCalculated).data;
              const [recomputed] = runTrialCalculation(inputs, hash, calculation, year.phase, new Date(recorded.calculatedAt));
              if (recorded.inputsSha256 !== hash) mismatch(null, 'inputsSha256', recorded.inputsSha256, hash);
              comparePools(recorded.pools, recomputed.data.pools, mismatch);
            } else {
              const recorded = (event as unknown as GrantsRecalculated).data;
              const [recomputed] = recalculate(inputs, hash, calculation, new Date(recorded.calculatedAt));
              comparePools(recorded.pools, recomputed.data.pools, mismatch);
            }
          } catch (error) {
            mismatch(null, 'decision', 'recorded', `not reproducible: ${(error as Error).message}`);
          }
        }
        calculation = evolveGrantCalculation(calculation, event);
        break;
      default:
        break;
    }
  }
  return { fiscalYear, events: count, decisions, mismatches };
}

function splitStream(streamId: string): [string, string] {
  const dash = streamId.indexOf('-');
  return dash < 0 ? [streamId, ''] : [streamId.slice(0, dash), streamId.slice(dash + 1)];
}

type Report = (recipient: string | null, field: string, recorded: unknown, recomputed: unknown) => void;

function compareScores(recorded: readonly RecordedInsurerScore[], recomputed: readonly RecordedInsurerScore[], report: Report): void {
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
  }
  for (const code of again.keys()) if (!recorded.some((s) => s.code === code)) report(code, 'score', 'absent', again.get(code)?.score);
}

function comparePools(recorded: readonly RecordedPool[], recomputed: readonly RecordedPool[], report: Report): void {
  for (const pool of recorded) {
    const other = recomputed.find((p) => p.pool === pool.pool);
    if (pool.placedYen !== other?.placedYen) report(null, `${pool.pool}.placedYen`, pool.placedYen, other?.placedYen);
    const amounts = new Map(other?.recipients.map((r) => [r.code, r.amountYen]) ?? []);
    for (const recipient of pool.recipients) {
      if (recipient.amountYen !== amounts.get(recipient.code)) report(recipient.code, `${pool.pool}.amountYen`, recipient.amountYen, amounts.get(recipient.code));
    }
  }
}
