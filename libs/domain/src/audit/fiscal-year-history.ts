import { parseInstant } from '../fiscal-year/iso-time';
import { eventGuard } from '../decider/decider';
import { evolveFiscalYear, FISCAL_YEAR_EVENT_TYPES, FiscalYearState, FiscalYearStreamEvent, initialFiscalYearState } from '../fiscal-year/fiscal-year';
import {
  evolveGrantCalculation,
  GRANT_CALCULATION_EVENT_TYPES,
  GrantCalculationEvent,
  GrantCalculationState,
  initialGrantCalculationState,
  RecordedPool,
} from '../grant-calculation/grant-calculation';
import { evolveNationalFigures, initialNationalFiguresState, NationalFiguresRecorded, NationalFiguresState } from '../national-review/national-figures';
import { evolveRegister, initialRegisterState, InsurersRegistered, RegisterState } from '../register/register';
import { ScoresCalculated } from '../scoring/scores-calculated';
import { fiscalYearOfStream, parseStreamId } from '../streams/stream-id';
import {
  evolvePrefectureSubmission,
  initialPrefectureSubmissionState,
  PREFECTURE_SUBMISSION_EVENT_TYPES,
  PrefectureSubmissionEvent,
  PrefectureSubmissionState,
} from '../submission/prefecture-submission';
import { evolveSubmission, initialSubmissionState, SUBMISSION_EVENT_TYPES, SubmissionEvent, SubmissionState } from '../submission/submission';

/** Recorded events narrowed to each stream's event union: the only place the year's JSON becomes typed events. */
export const isFiscalYearEvent = eventGuard<FiscalYearStreamEvent>(FISCAL_YEAR_EVENT_TYPES);
export const isRegisterEvent = eventGuard<InsurersRegistered>(['InsurersRegistered']);
export const isSubmissionEvent = eventGuard<SubmissionEvent>(SUBMISSION_EVENT_TYPES);
export const isPrefectureSubmissionEvent = eventGuard<PrefectureSubmissionEvent>(PREFECTURE_SUBMISSION_EVENT_TYPES);
export const isNationalFiguresEvent = eventGuard<NationalFiguresRecorded>(['NationalFiguresRecorded']);
export const isGrantCalculationEvent = eventGuard<GrantCalculationEvent>(GRANT_CALCULATION_EVENT_TYPES);

/** The shape of a stored event the audit needs (the event store's RecordedEvent satisfies it). */
export interface ReplayedEvent {
  readonly position: bigint;
  readonly eventId: string;
  readonly streamId: string;
  readonly type: string;
  readonly data: object;
  readonly recordedAt?: Date;
  readonly metadata?: {
    readonly actorId: string;
    readonly actorRole: string;
    readonly organisationCode: string;
    readonly commandId: string;
    readonly reason?: string;
  };
  readonly hash?: string;
}

/** One calculation of the year as recorded: a trial, the finalized amounts or a recalculation. */
export interface CalculationRecord {
  /** `trial:2`, `final`, `recalculation:1`: how auditors name it (diff, CLI). */
  readonly ref: string;
  readonly label: string;
  readonly position: bigint;
  readonly eventId: string;
  readonly recordedAt?: Date;
  readonly pools: readonly RecordedPool[];
}

/** A point of the log: a global position, or a time (events recorded at or before it). */
export interface PointInLog {
  readonly position?: bigint;
  readonly at?: Date;
}

/**
 * `1234` (a global position) or an ISO 8601 time with a UTC offset such as `2025-03-31T15:00:00Z` or
 * `2025-04-01T00:00+09:00`; undefined for anything else, a time without an offset included (never read in the
 * server's zone). The one parser of points for the API's `?asOf=` and the CLI's `--at` / `--as-of`.
 */
export function parsePointInLog(text: string): PointInLog | undefined {
  if (/^\d{1,19}$/.test(text)) return { position: BigInt(text) };
  const instant = parseInstant(text);
  return 'at' in instant ? { at: instant.at } : undefined;
}

/**
 * Why a text is not a point in the log, for the refusal: 'offset' for a date-time without a UTC offset (say to add
 * Z or +09:00), 'format' for anything else; undefined when it is one.
 */
export function pointInLogProblem(text: string): 'offset' | 'format' | undefined {
  if (parsePointInLog(text)) return undefined;
  const instant = parseInstant(text);
  return 'problem' in instant && instant.problem === 'offset' ? 'offset' : 'format';
}

/** True when an event belongs to the log as it stood at `point` (always, without one). */
export function withinPoint(point: PointInLog | undefined, event: { readonly position: bigint; readonly recordedAt?: Date }): boolean {
  if (!point) return true;
  if (point.position !== undefined && event.position > point.position) return false;
  return point.at === undefined || event.recordedAt === undefined || event.recordedAt.getTime() <= point.at.getTime();
}

/** The amounts in force among these calculations: the latest recalculation, else the finalized one, else the latest trial. */
export function inForceOf<C extends Pick<CalculationRecord, 'ref'>>(calculations: readonly C[]): C | undefined {
  const latest = (prefix: string) => calculations.findLast((c) => c.ref.startsWith(prefix));
  return latest('recalculation:') ?? calculations.find((c) => c.ref === 'final') ?? latest('trial:');
}

/**
 * Every state of one fiscal year, folded from its events in global order with the same pure `evolve` functions the
 * service uses. Replay, timelines, as-of views and diffs all read the year through it, so they cannot disagree.
 */
export class FiscalYearHistory {
  year: FiscalYearState = initialFiscalYearState;
  register: RegisterState = initialRegisterState;
  figures: NationalFiguresState = initialNationalFiguresState;
  calculation: GrantCalculationState = initialGrantCalculationState;
  latestScores?: ScoresCalculated;
  readonly submissions = new Map<string, SubmissionState>();
  readonly prefectureSubmissions = new Map<string, PrefectureSubmissionState>();
  readonly calculations: CalculationRecord[] = [];
  /** The last event of the year applied so far: its head in the hash chain. */
  last?: ReplayedEvent;
  events = 0;

  constructor(readonly fiscalYear: string) {}

  belongs(event: ReplayedEvent): boolean {
    return fiscalYearOfStream(event.streamId) === this.fiscalYear;
  }

  /** Folds one event; events of other fiscal years are ignored. Returns whether it belonged to the year. */
  apply(event: ReplayedEvent): boolean {
    if (!this.belongs(event)) return false;
    this.events += 1;
    this.last = event;
    const address = parseStreamId(event.streamId);
    switch (address?.category) {
      case 'fiscal_year':
        if (!isFiscalYearEvent(event)) break;
        if (event.type === 'ScoresCalculated') this.latestScores = event;
        this.year = evolveFiscalYear(this.year, event);
        break;
      case 'register':
        if (isRegisterEvent(event)) this.register = evolveRegister(this.register, event);
        break;
      case 'submission':
        if (isSubmissionEvent(event)) this.submissions.set(address.code, evolveSubmission(this.submissions.get(address.code) ?? initialSubmissionState, event));
        break;
      case 'prefecture_submission':
        if (isPrefectureSubmissionEvent(event)) {
          this.prefectureSubmissions.set(address.code, evolvePrefectureSubmission(this.prefectureSubmissions.get(address.code) ?? initialPrefectureSubmissionState, event));
        }
        break;
      case 'national_figures':
        if (isNationalFiguresEvent(event)) this.figures = evolveNationalFigures(this.figures, event);
        break;
      case 'grant_calculation':
        if (!isGrantCalculationEvent(event)) break;
        this.recordCalculation(event);
        this.calculation = evolveGrantCalculation(this.calculation, event);
        break;
      default:
        break;
    }
    return true;
  }

  /** The calculation whose amounts are in force: the latest recalculation, else the finalized one, else the latest trial. */
  inForce(): CalculationRecord | undefined {
    return inForceOf(this.calculations);
  }

  private recordCalculation(event: ReplayedEvent & GrantCalculationEvent): void {
    const record = calculationRecordOf(event);
    if (record) this.calculations.push(record);
  }
}

/** The calculation an event records (a trial, the finalized amounts or a recalculation); undefined for the other events. */
export function calculationRecordOf(event: ReplayedEvent & GrantCalculationEvent): CalculationRecord | undefined {
  const base = { position: event.position, eventId: event.eventId, recordedAt: event.recordedAt };
  switch (event.type) {
    case 'GrantTrialCalculated': {
      const data = event.data;
      return { ...base, ref: `trial:${data.trialNumber}`, label: `試算 ${data.trialNumber} / trial ${data.trialNumber}`, pools: data.pools };
    }
    case 'GrantsFinalized': {
      const data = event.data;
      return { ...base, ref: 'final', label: `確定（試算 ${data.trialNumber}）/ finalized (trial ${data.trialNumber})`, pools: data.pools };
    }
    case 'GrantsRecalculated': {
      const data = event.data;
      return { ...base, ref: `recalculation:${data.recalculationNumber}`, label: `再算定 ${data.recalculationNumber} / recalculation ${data.recalculationNumber}`, pools: data.pools };
    }
    default:
      return undefined;
  }
}

/** Folds the year's events (in global order) up to and including a position or time. */
export function historyAsOf(fiscalYear: string, events: Iterable<ReplayedEvent>, asOf?: PointInLog): FiscalYearHistory {
  const history = new FiscalYearHistory(fiscalYear);
  for (const event of events) {
    if (asOf?.position !== undefined && event.position > asOf.position) break;
    if (withinPoint(asOf, event)) history.apply(event);
  }
  return history;
}
