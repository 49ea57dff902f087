import { CsvCell, csvRecord } from '../csv/csv-writer';
import { POOLS, RecordedPool } from '../grant-calculation/grant-calculation';
import { isValidLocalGovernmentCode } from '../recipients/local-government-code';
import { isPrefectureCode } from '../recipients/prefectures';
import { parseStreamId } from '../streams/stream-id';
import { effectivePrefectureAnswers } from '../submission/prefecture-submission';
import { CalculationRecord, FiscalYearHistory, historyAsOf, inForceOf, parsePointInLog, PointInLog, ReplayedEvent, withinPoint } from './fiscal-year-history';

/**
 * What the audit shows of one recipient at a point in time, as flat fields (`score.suishin`, `amount.suishin-municipal`,
 * `answer.1-1-1`, …) with string values, so that two points can be compared field by field.
 */
export type RecipientView = Readonly<Record<string, string>>;

/** Field families an auditor can ask a timeline for. */
export const TIMELINE_FIELDS = ['status', 'register', 'answer', 'requested', 'score', 'rank', 'correction', 'amount'] as const;
export type TimelineField = (typeof TIMELINE_FIELDS)[number];

const isPrefecture = (code: string) => /^\d{2}$/.test(code);

/** A recipient of the grants: a prefecture (01–47) or an insurer (6-digit 地方公共団体コード with a valid check digit). */
export function isRecipientCode(code: string): boolean {
  return isPrefectureCode(code) || (/^\d{6}$/.test(code) && isValidLocalGovernmentCode(code));
}

export function recipientView(history: FiscalYearHistory, code: string): RecipientView {
  const view: Record<string, string> = {};
  const level = isPrefecture(code) ? 'prefectural' : 'municipal';
  if (level === 'municipal') {
    const insurer = history.register.insurers.get(code);
    if (insurer) view['register.category1InsuredPersons'] = String(insurer.category1InsuredPersons);
    const submission = history.submissions.get(code);
    if (submission && submission.status !== 'absent') {
      view.status = submission.status;
      // A 差戻し with a date shows until when it reopens the submission (DeadlineChanged of the year touches no recipient field).
      if (submission.reopenUntil !== undefined) view['status.reopenUntil'] = submission.reopenUntil;
      for (const [id, answer] of Object.entries(submission.answers)) view[`answer.${id}`] = JSON.stringify(answer);
      for (const [id, answer] of Object.entries(submission.corrections)) view[`answer.${id}`] = JSON.stringify(answer);
    }
  } else {
    const submission = history.prefectureSubmissions.get(code);
    if (submission && submission.status !== 'absent') {
      view.status = submission.status;
      const answers = submission.status === 'submitted' ? effectivePrefectureAnswers(submission) : submission.answers;
      for (const [id, answer] of Object.entries(answers)) view[`answer.${id}`] = JSON.stringify(answer);
      if (submission.requested) {
        view['requested.suishin'] = submission.requested.suishinYen;
        view['requested.shien'] = submission.requested.shienYen;
      }
    }
  }
  const scores = history.latestScores?.data;
  const scored = (level === 'municipal' ? scores?.insurers : scores?.prefectures)?.find((s) => s.code === code);
  if (scored) {
    view['score.total'] = String(scored.score);
    for (const grant of scored.grants) view[`score.${grant.grant}`] = String(grant.score);
    view['rank.national'] = String(scored.ranks.national.ordinal);
  }
  for (const grant of ['suishin', 'shien']) {
    const corrected = history.calculation.corrections[`${level}/${code}/${grant}`];
    if (corrected !== undefined) view[`correction.${grant}`] = String(corrected);
  }
  const inForce = history.inForce();
  if (inForce) {
    for (const pool of inForce.pools) {
      const recipient = pool.recipients.find((r) => r.code === code);
      if (recipient) view[`amount.${pool.pool}`] = recipient.amountYen;
    }
    if (Object.keys(view).some((k) => k.startsWith('amount.'))) view['amount.basis'] = inForce.ref;
  }
  return view;
}

export interface FieldChange {
  readonly field: string;
  readonly before: string | null;
  readonly after: string | null;
}

export interface TimelineEntry {
  readonly position: string;
  readonly eventId: string;
  readonly type: string;
  readonly streamId: string;
  readonly recordedAt: string | null;
  readonly actorId: string | null;
  readonly actorRole: string | null;
  readonly organisationCode: string | null;
  readonly commandId: string | null;
  readonly reason: string | null;
  readonly changes: readonly FieldChange[];
}

export function diffViews(before: RecipientView, after: RecipientView, fields?: readonly string[]): FieldChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys
    .filter((key) => before[key] !== after[key])
    .filter((key) => !fields || fields.some((f) => key === f || key.startsWith(`${f}.`)))
    .map((field) => ({ field, before: before[field] ?? null, after: after[field] ?? null }));
}

/** Whether an event can change what the audit shows of a recipient (its own streams, or a decision of the year). */
function touches(event: ReplayedEvent, fiscalYear: string, code: string): boolean {
  const address = parseStreamId(event.streamId);
  switch (address?.category) {
    case 'submission':
    case 'prefecture_submission':
      return address.fiscalYear === fiscalYear && address.code === code;
    case 'register':
      return !isPrefecture(code);
    case 'fiscal_year':
    case 'grant_calculation':
      return true;
    default:
      return false;
  }
}

/**
 * Every change of one recipient's answers, status, scores, ranks, corrections and amounts over the fiscal year: for
 * each event that changed something, who (actor, role, organisation), when, why (reason), the command, and each
 * field's value before and after. `fields` narrows to families (e.g. ['score', 'amount']).
 */
export function recipientTimeline(
  fiscalYear: string,
  code: string,
  events: Iterable<ReplayedEvent>,
  options: { fields?: readonly string[]; asOf?: PointInLog } = {},
): { entries: TimelineEntry[]; view: RecipientView } {
  const history = new FiscalYearHistory(fiscalYear);
  const entries: TimelineEntry[] = [];
  let view: RecipientView = {};
  for (const event of events) {
    if (options.asOf?.position !== undefined && event.position > options.asOf.position) break;
    if (!withinPoint(options.asOf, event)) continue;
    if (!history.apply(event) || !touches(event, fiscalYear, code)) continue;
    const next = recipientView(history, code);
    const changes = diffViews(view, next, options.fields);
    view = next;
    if (changes.length === 0) continue;
    const m = event.metadata;
    entries.push({
      position: event.position.toString(),
      eventId: event.eventId,
      type: event.type,
      streamId: event.streamId,
      recordedAt: event.recordedAt?.toISOString() ?? null,
      actorId: m?.actorId ?? null,
      actorRole: m?.actorRole ?? null,
      organisationCode: m?.organisationCode ?? null,
      commandId: m?.commandId ?? null,
      reason: m?.reason ?? reasonInData(event.data),
      changes,
    });
  }
  return { entries, view };
}

function reasonInData(data: unknown): string | null {
  const reason = (data as { reason?: unknown } | null)?.reason;
  return typeof reason === 'string' ? reason : null;
}

export interface AmountDiffRow {
  readonly pool: string;
  readonly code: string;
  readonly fromYen: string | null;
  readonly toYen: string | null;
  /** to − from (absent counts as 0). */
  readonly differenceYen: string;
}

export interface CalculationDiff {
  readonly from: { readonly ref: string; readonly label: string; readonly position: string } | null;
  readonly to: { readonly ref: string; readonly label: string; readonly position: string } | null;
  readonly rows: readonly AmountDiffRow[];
  /** Per pool: both totals and the net difference; rows with a zero difference are kept only when `all`. */
  readonly pools: readonly { readonly pool: string; readonly fromYen: string; readonly toYen: string; readonly differenceYen: string; readonly changed: number }[];
}

/** Two calculations side by side, per pool and recipient, in exact yen. */
export function diffCalculations(from: CalculationRecord | undefined, to: CalculationRecord | undefined, options: { all?: boolean } = {}): CalculationDiff {
  const amounts = (pools: readonly RecordedPool[] | undefined) => new Map((pools ?? []).flatMap((p) => p.recipients.map((r) => [`${p.pool}/${r.code}`, r.amountYen] as const)));
  const a = amounts(from?.pools);
  const b = amounts(to?.pools);
  const rows: AmountDiffRow[] = [];
  const pools = POOLS.map(({ pool }) => {
    const keys = [...new Set([...a.keys(), ...b.keys()])].filter((k) => k.startsWith(`${pool}/`)).sort();
    let fromTotal = 0n;
    let toTotal = 0n;
    let changed = 0;
    for (const key of keys) {
      const [fromYen, toYen] = [a.get(key) ?? null, b.get(key) ?? null];
      const difference = BigInt(toYen ?? 0) - BigInt(fromYen ?? 0);
      fromTotal += BigInt(fromYen ?? 0);
      toTotal += BigInt(toYen ?? 0);
      if (difference !== 0n) changed += 1;
      if (difference !== 0n || options.all) rows.push({ pool, code: key.slice(pool.length + 1), fromYen, toYen, differenceYen: difference.toString() });
    }
    return { pool, fromYen: fromTotal.toString(), toYen: toTotal.toString(), differenceYen: (toTotal - fromTotal).toString(), changed };
  });
  const describe = (c: CalculationRecord | undefined) => (c ? { ref: c.ref, label: c.label, position: c.position.toString() } : null);
  return { from: describe(from), to: describe(to), rows, pools };
}

/** The diff as CSV records (header first), in yen, for spreadsheets: the same columns from the API and the CLI. */
export function diffCsvRecords(diff: CalculationDiff): CsvCell[][] {
  return [['交付金区分', '団体コード', '比較元（円）', '比較先（円）', '差額（円）'], ...diff.rows.map((r) => [r.pool, r.code, r.fromYen, r.toYen, r.differenceYen])];
}

/** The diff as CSV lines, without line ends (the CLI prints them; a file is `csvText(diffCsvRecords(diff), …)`). */
export function diffCsvLines(diff: CalculationDiff): string[] {
  return diffCsvRecords(diff).map(csvRecord);
}

/**
 * Finds a calculation by the name auditors use: `trial:2`, `final`, `recalculation:1`, `latest` (the latest of any
 * kind), `in-force`, or `@<position>` / `@<ISO time>` for the calculation in force at that point of the log.
 */
export function resolveCalculation(
  ref: string,
  fiscalYear: string,
  events: readonly ReplayedEvent[],
  whole: FiscalYearHistory = historyAsOf(fiscalYear, events),
): CalculationRecord | undefined {
  return calculationNamed(ref, whole.calculations);
}

/** The same names resolved among a year's calculations in recorded order (all a resolution needs of the year). */
export function calculationNamed(ref: string, calculations: readonly CalculationRecord[]): CalculationRecord | undefined {
  if (ref.startsWith('@')) {
    const point = parsePointInLog(ref.slice(1));
    return point && inForceOf(calculations.filter((c) => withinPoint(point, c)));
  }
  if (ref === 'latest') return calculations.at(-1);
  if (ref === 'in-force') return inForceOf(calculations);
  return calculations.find((c) => c.ref === ref);
}

export const CALCULATION_REF = /^(trial:\d{1,6}|final|recalculation:\d{1,6}|latest|in-force|@\d{1,19}|@\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})?)$/;
