import { ALLOCATION_RULES } from '../allocation/allocation-rules';
import { Decider } from '../decider/decider';
import { DomainError } from '../domain-error';
import type { ScoresCalculated } from '../scoring/scores-calculated';
import { Framework } from '../framework/framework';
import { numericIndicators } from '../national-review/national-figures';
import { isCalendarDate, jstDate } from '../time/japanese-time';
import { missingOffsetMessage, parseInstant } from './iso-time';
import { nextPhaseOf, phasesOf, settlesRequests } from './workflow';
import {
  DEADLINE_KEYS,
  DeadlineChanged,
  DeadlineKey,
  Deadlines,
  evolveFiscalYear,
  FISCAL_YEAR_EVENT_TYPES,
  FiscalYearStreamEvent,
  initialFiscalYearState,
  FiscalYearLabel,
  FiscalYearOpened,
  FiscalYearPhaseAdvanced,
  FiscalYearState,
  GRANT_STEP_TITLES,
  GRANT_STEPS,
  GrantStep,
  GrantStepRecorded,
  isFiscalYearLabel,
  Phase,
  PHASE_TITLES,
  PHASES,
  POOL_KEYS,
} from './fiscal-year';

/** Largest pool accepted: 1 兆円, far above the 200 億円 of a real grant, to catch typing errors early. */
const MAX_POOL_YEN = 10n ** 12n;
const YEN = /^(0|[1-9]\d{0,15})$/;

/** 年度の開始: everything the opening event records, but the time it is decided at. */
export interface OpenFiscalYear extends Omit<FiscalYearOpened['data'], 'openedAt'> {
  readonly type: 'OpenFiscalYear';
}

/** What still blocks the next phase, computed by the caller from the read models (pure input here). */
export interface Readiness {
  /** Each item: a stable code, a message, and the insurer it concerns where it concerns one. */
  readonly missing: readonly { readonly code: string; readonly message: string; readonly insurerCode?: string }[];
}

export interface AdvancePhase {
  readonly type: 'AdvancePhase';
  readonly fiscalYear: FiscalYearLabel;
  readonly to: Phase;
  readonly readiness: Readiness;
  /** Moving to 'scored' records the year's scores, computed by the caller from the streams, just before the step. */
  readonly scores?: ScoresCalculated;
  /** Opening the 所要見込額 window (`requests_open`) names until when it accepts requests (ISO 8601 with an offset). */
  readonly requestsDueAt?: string;
}

/** 交付申請 / 交付決定 / 実績報告 / 額の確定 / 返還 of a finalized settlement year: the date on the documents and why. */
export interface RecordGrantStep {
  readonly type: 'RecordGrantStep';
  readonly fiscalYear: FiscalYearLabel;
  readonly step: GrantStep;
  /** YYYY-MM-DD (JST calendar date). */
  readonly date: string;
  readonly reason: string;
  readonly recordedBy: string;
  /** Whether a recalculation asks some recipient to pay money back: 返還 is recorded only then. */
  readonly refundsDue: boolean;
}

/** 期限の延長・繰上げ: the national administrator moves one deadline to a new time, with a reason. */
export interface ChangeDeadline {
  readonly type: 'ChangeDeadline';
  readonly fiscalYear: FiscalYearLabel;
  readonly deadline: DeadlineKey;
  /** The new time, ISO 8601 with a UTC offset. */
  readonly dueAt: string;
  readonly reason: string;
}

export type FiscalYearCommand = OpenFiscalYear | AdvancePhase | ChangeDeadline | RecordGrantStep;

/** The phases in which each deadline can still be moved: until the step it guards has been taken. */
export const DEADLINE_PHASES: Readonly<Record<DeadlineKey, readonly Phase[]>> = {
  submissionsDueAt: ['open'],
  prefectureSubmissionsDueAt: ['open', 'submissions_closed'],
  reviewDueAt: ['open', 'submissions_closed'],
};

const DEADLINE_TITLES: Readonly<Record<DeadlineKey, string>> = {
  submissionsDueAt: '保険者の提出期限',
  prefectureSubmissionsDueAt: '都道府県の提出期限',
  reviewDueAt: '国の審査期限',
};

export function openFiscalYear(command: OpenFiscalYear, state: FiscalYearState, now: Date): FiscalYearOpened[] {
  if (state.status === 'opened') {
    throw new DomainError(
      'conflict',
      'FISCAL_YEAR.ALREADY_OPEN',
      `${command.fiscalYear} は既に開始されています。`,
      `${command.fiscalYear} is already open.`,
    );
  }
  checkFiscalYear(command.fiscalYear);
  for (const key of POOL_KEYS) checkYen(command.pools[key], `pools.${key}`, MAX_POOL_YEN);
  checkYen(command.unitYen, 'unitYen', 10n ** 8n);
  if (BigInt(command.unitYen) === 0n) throw invalid('unitYen', '端数処理の単位は 1 円以上にしてください。', 'The rounding unit must be at least 1 yen.');
  checkFramework(command.municipalFramework, 'municipal');
  checkFramework(command.prefecturalFramework, 'prefectural');
  checkDistinctFigureKeys(command.municipalFramework, command.prefecturalFramework);
  checkDeadlines(command.deadlines, now);
  checkAllocationRuleVersion(command.allocationRuleVersion);
  return [
    {
      type: 'FiscalYearOpened',
      data: {
        fiscalYear: command.fiscalYear,
        pools: command.pools,
        municipalFramework: command.municipalFramework,
        prefecturalFramework: command.prefecturalFramework,
        frameworkHashes: command.frameworkHashes,
        deadlines: command.deadlines,
        allocationRuleVersion: command.allocationRuleVersion,
        unitYen: command.unitYen,
        openedAt: now.toISOString(),
      },
    },
  ];
}

export function advancePhase(command: AdvancePhase, state: FiscalYearState, now: Date): (FiscalYearPhaseAdvanced | ScoresCalculated)[] {
  const opened = requireOpened(state, command.fiscalYear);
  if (!(PHASES as readonly string[]).includes(command.to)) {
    throw invalid('to', `フェーズは ${PHASES.join('、')} のいずれかです。`, `The phase must be one of ${PHASES.join(', ')}.`);
  }
  // Repeating the step just taken is a retry, not an error.
  if (opened.phase === command.to) return [];
  const next = nextPhaseOf(opened.allocationRuleVersion, opened.phase);
  if (command.to !== next) {
    throw new DomainError(
      'conflict',
      'FISCAL_YEAR.PHASE_ORDER',
      `現在のフェーズは「${PHASE_TITLES[opened.phase]}」です。次に進めるのは「${next ? PHASE_TITLES[next] : 'なし'}」のみです。`,
      `The fiscal year is in phase ${opened.phase}; it can only move to ${next ?? 'nothing (it is finalized)'}.`,
      'to',
      { phase: opened.phase, next: next ?? null, phases: phasesOf(opened.allocationRuleVersion) },
    );
  }
  const requestsDueAt = requestsDueAtOf(command, now);
  if (command.readiness.missing.length > 0) {
    throw new DomainError(
      'conflict',
      'FISCAL_YEAR.NOT_READY',
      `「${PHASE_TITLES[command.to]}」に進む前に未完了の項目が ${command.readiness.missing.length} 件あります。`,
      `${command.readiness.missing.length} item(s) must be completed before moving to ${command.to}.`,
      undefined,
      { missing: command.readiness.missing },
    );
  }
  const advanced: FiscalYearPhaseAdvanced = {
    type: 'FiscalYearPhaseAdvanced',
    data: { fiscalYear: command.fiscalYear, from: opened.phase, to: command.to, advancedAt: now.toISOString(), ...(requestsDueAt !== undefined && { requestsDueAt }) },
  };
  return command.scores && command.to === 'scored' ? [command.scores, advanced] : [advanced];
}

/**
 * Extends a deadline (a later time) or closes it early (an earlier one, not in the past), with a reason. The order
 * submissions ≤ prefecture submissions ≤ review still holds after the change; a deadline whose step has been taken
 * (e.g. the insurers' once submissions are closed) cannot move. The same time again is a retry: nothing happens.
 */
export function changeDeadline(command: ChangeDeadline, state: FiscalYearState, now: Date): DeadlineChanged[] {
  const opened = requireOpened(state, command.fiscalYear);
  if (!(DEADLINE_KEYS as readonly string[]).includes(command.deadline)) {
    throw invalid('deadline', `期限は ${DEADLINE_KEYS.join('、')} のいずれかです。`, `The deadline is one of ${DEADLINE_KEYS.join(', ')}.`);
  }
  const parsed = parseInstant(command.dueAt);
  if ('problem' in parsed) {
    const offset = missingOffsetMessage('dueAt');
    throw parsed.problem === 'offset' ? invalid('dueAt', offset.ja, offset.en) : invalid('dueAt', '期限は ISO 8601 の日時で指定してください。', 'dueAt is an ISO 8601 date-time.');
  }
  const reason = command.reason.trim();
  if (reason === '') throw invalid('reason', '期限を変更する理由を入力してください。', 'A deadline change needs a reason.');
  const from = opened.deadlines[command.deadline];
  const to = parsed.at.toISOString();
  if (Date.parse(from) === parsed.at.getTime()) return [];
  const allowed = DEADLINE_PHASES[command.deadline];
  if (!allowed.includes(opened.phase)) {
    throw new DomainError(
      'conflict',
      'DEADLINE.PHASE_OVER',
      `現在のフェーズ「${PHASE_TITLES[opened.phase]}」では${DEADLINE_TITLES[command.deadline]}は変更できません。`,
      `The ${command.deadline} deadline cannot move in phase ${opened.phase} (only in: ${allowed.join(', ')}).`,
      'deadline',
      { phase: opened.phase, allowed },
    );
  }
  if (parsed.at.getTime() < now.getTime()) {
    throw invalid('dueAt', '新しい期限は現在より後にしてください（繰上げは現在以降の日時へ）。', 'The new deadline must not be in the past (close early to a time from now on).');
  }
  const deadlines = { ...opened.deadlines, [command.deadline]: to };
  const [submissions, prefectures, review] = DEADLINE_KEYS.map((key) => Date.parse(deadlines[key]));
  if (!(submissions <= prefectures && prefectures <= review)) {
    throw new DomainError(
      'conflict',
      'DEADLINE.ORDER',
      '期限は 保険者提出 ≤ 都道府県提出 ≤ 国の審査 の順にしてください。',
      'Deadlines must stay in order: submissions ≤ prefecture submissions ≤ review.',
      'dueAt',
      { deadlines },
    );
  }
  const kind = parsed.at.getTime() > Date.parse(from) ? 'extended' : 'closed_early';
  return [{ type: 'DeadlineChanged', data: { fiscalYear: command.fiscalYear, deadline: command.deadline, from, to, kind, reason, changedAt: now.toISOString() } }];
}

/** The 所要見込額 window's date, required exactly when the window opens, in the future and with its offset. */
function requestsDueAtOf(command: AdvancePhase, now: Date): string | undefined {
  if (command.to !== 'requests_open') {
    if (command.requestsDueAt !== undefined) throw invalid('requestsDueAt', 'requestsDueAt は所要見込額の受付開始（requests_open）にのみ指定します。', 'requestsDueAt is given only when opening requests (requests_open).');
    return undefined;
  }
  if (command.requestsDueAt === undefined) {
    throw invalid('requestsDueAt', '所要見込額の受付期限（requestsDueAt）を指定してください。', 'Opening the 所要見込額 window needs its deadline, requestsDueAt.');
  }
  const parsed = parseInstant(command.requestsDueAt);
  if ('problem' in parsed) {
    const offset = missingOffsetMessage('requestsDueAt');
    throw parsed.problem === 'offset' ? invalid('requestsDueAt', offset.ja, offset.en) : invalid('requestsDueAt', '期限は ISO 8601 の日時で指定してください。', 'requestsDueAt is an ISO 8601 date-time.');
  }
  if (parsed.at.getTime() <= now.getTime()) throw invalid('requestsDueAt', '所要見込額の受付期限は現在より後にしてください。', 'The 所要見込額 deadline must be in the future.');
  return parsed.at.toISOString();
}

/**
 * 交付申請 → 交付決定 → 実績報告 → 額の確定 → 返還, recorded once each for the year (the ministry runs each step for all
 * recipients together), in order, after finalization, in settlement years. Each names the date on its documents (not
 * after today in JST, not before the previous step) and a reason. The same step with the same date again is a retry.
 */
export function recordGrantStep(command: RecordGrantStep, state: FiscalYearState, now: Date): GrantStepRecorded[] {
  const opened = requireOpened(state, command.fiscalYear);
  if (!(GRANT_STEPS as readonly string[]).includes(command.step)) {
    throw invalid('step', `手続は ${GRANT_STEPS.join('、')} のいずれかです。`, `The step is one of ${GRANT_STEPS.join(', ')}.`);
  }
  if (!settlesRequests(opened.allocationRuleVersion)) {
    throw new DomainError(
      'conflict',
      'GRANT_STEP.NOT_IN_WORKFLOW',
      `配分ルール ${opened.allocationRuleVersion} の年度では確定後の手続を記録しません。`,
      `Years under rule ${opened.allocationRuleVersion} do not record the steps after finalization.`,
      'step',
      { allocationRuleVersion: opened.allocationRuleVersion },
    );
  }
  requirePhase(state, command.fiscalYear, ['finalized'], 'GRANT_STEP.NOT_FINALIZED');
  if (!isCalendarDate(command.date)) throw invalid('date', '日付は YYYY-MM-DD の形式で指定してください。', 'The date is a calendar date, YYYY-MM-DD.');
  if (command.date > jstDate(now)) throw invalid('date', '日付は本日（日本時間）以前にしてください。', 'The date must not be after today (JST).');
  const reason = command.reason.trim();
  if (reason === '') throw invalid('reason', '理由を入力してください。', 'A reason is required.');
  const title = GRANT_STEP_TITLES[command.step];
  const recorded = opened.grantSteps.find((s) => s.step === command.step);
  if (recorded) {
    if (recorded.date === command.date) return [];
    throw new DomainError('conflict', 'GRANT_STEP.ALREADY_RECORDED', `${title}は ${recorded.date} に記録済みです。`, `${command.step} is already recorded (${recorded.date}).`, 'step', { recorded });
  }
  const expected = GRANT_STEPS.find((step) => !opened.grantSteps.some((s) => s.step === step));
  if (command.step !== expected) {
    throw new DomainError(
      'conflict',
      'GRANT_STEP.ORDER',
      `次に記録できる手続は「${expected ? GRANT_STEP_TITLES[expected] : 'なし'}」です（${GRANT_STEPS.map((s) => GRANT_STEP_TITLES[s]).join(' → ')}）。`,
      `The next step to record is ${expected ?? 'none'} (${GRANT_STEPS.join(' → ')}).`,
      'step',
      { next: expected ?? null },
    );
  }
  if (command.step === 'refund' && !command.refundsDue) {
    throw new DomainError('conflict', 'GRANT_STEP.NO_REFUND_DUE', '返還すべき額がありません（再算定で減額となった交付先がありません）。', 'No money is due back: no recalculation lowered any amount.', 'step');
  }
  const previous = opened.grantSteps.at(-1);
  if (previous && command.date < previous.date) {
    throw invalid('date', `${title}の日付は${GRANT_STEP_TITLES[previous.step]}（${previous.date}）以降にしてください。`, `The date must not be before the previous step (${previous.step}, ${previous.date}).`);
  }
  return [
    {
      type: 'GrantStepRecorded',
      data: { fiscalYear: command.fiscalYear, step: command.step, date: command.date, reason, recordedBy: command.recordedBy, recordedAt: now.toISOString() },
    },
  ];
}

export function decideFiscalYear(command: FiscalYearCommand, state: FiscalYearState, now: Date): FiscalYearStreamEvent[] {
  switch (command.type) {
    case 'OpenFiscalYear':
      return openFiscalYear(command, state, now);
    case 'AdvancePhase':
      return advancePhase(command, state, now);
    case 'ChangeDeadline':
      return changeDeadline(command, state, now);
    case 'RecordGrantStep':
      return recordGrantStep(command, state, now);
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${JSON.stringify(unknown)}`);
    }
  }
}

/** A fiscal-year command with the time it is decided at. */
export type TimedFiscalYearCommand = FiscalYearCommand & { readonly now: Date };

/** The fiscal year itself (`fiscal_year-FY2024`): opening, phases, and the scores recorded on the way to 'scored'. */
export const fiscalYearDecider: Decider<FiscalYearState, TimedFiscalYearCommand, FiscalYearStreamEvent> = {
  initialState: initialFiscalYearState,
  decide: (command, state) => decideFiscalYear(command, state, command.now),
  evolve: evolveFiscalYear,
  eventTypes: FISCAL_YEAR_EVENT_TYPES,
};

/** The opened fiscal year, or 404 FISCAL_YEAR.NOT_FOUND. */
export function requireOpened(state: FiscalYearState, fiscalYear: FiscalYearLabel): Extract<FiscalYearState, { status: 'opened' }> {
  if (state.status !== 'opened') throw fiscalYearNotFound(fiscalYear);
  return state;
}

/** 404 FISCAL_YEAR.NOT_FOUND: the year was never opened (as of the point read). */
export function fiscalYearNotFound(fiscalYear: FiscalYearLabel): DomainError {
  return new DomainError('not_found', 'FISCAL_YEAR.NOT_FOUND', `${fiscalYear} は開始されていません。`, `Fiscal year ${fiscalYear} has not been opened.`);
}

/** Refuses a command outside the phases it belongs to (409 with the given code). */
export function requirePhase(state: FiscalYearState, fiscalYear: FiscalYearLabel, allowed: readonly Phase[], code: string): void {
  const opened = requireOpened(state, fiscalYear);
  if (!allowed.includes(opened.phase)) {
    throw new DomainError(
      'conflict',
      code,
      `現在のフェーズ「${PHASE_TITLES[opened.phase]}」ではこの操作はできません（可能なフェーズ: ${allowed.map((p) => PHASE_TITLES[p]).join('、')}）。`,
      `Not possible in phase ${opened.phase}; allowed in: ${allowed.join(', ')}.`,
      undefined,
      { phase: opened.phase, allowed },
    );
  }
}

/**
 * A year opens only under a rule version of the table (allocation-rules.ts): 400 FISCAL_YEAR.UNKNOWN_ALLOCATION_RULE
 * naming the known ones. Years recorded before the table with other names still replay: only opening checks.
 */
function checkAllocationRuleVersion(version: string): void {
  const known = Object.keys(ALLOCATION_RULES);
  if (typeof version !== 'string' || !Object.hasOwn(ALLOCATION_RULES, version)) {
    throw new DomainError(
      'invalid',
      'FISCAL_YEAR.UNKNOWN_ALLOCATION_RULE',
      `配分ルールの版「${String(version)}」はありません。次のいずれかを指定してください: ${known.join('、')}`,
      `Unknown allocation rule version ${JSON.stringify(version)}; use one of: ${known.join(', ')}.`,
      'allocationRuleVersion',
      { known },
    );
  }
}

function checkFiscalYear(fiscalYear: string): void {
  if (!isFiscalYearLabel(fiscalYear)) throw invalid('fiscalYear', '年度は FY2024 の形式で指定してください。', "The fiscal year must look like 'FY2024'.");
}

function checkYen(value: unknown, field: string, max: bigint): void {
  if (typeof value !== 'string' || !YEN.test(value) || BigInt(value) > max) {
    throw invalid(field, `金額は 0 以上 ${max} 以下の整数（円、文字列）で指定してください。`, `Amounts are whole yen from 0 to ${max}, written as a decimal string.`);
  }
}

function checkFramework(framework: Framework, level: 'municipal' | 'prefectural'): void {
  if (framework.level !== level) {
    throw invalid(`${level}Framework`, `${level === 'municipal' ? '市町村' : '都道府県'}分の指標体系を指定してください。`, `Expected a ${level} framework, got ${framework.level}.`);
  }
}

/**
 * National figures are recorded by indicator id (a measure as `<indicatorId>.<measureId>`) for one level: the
 * insurers for a municipal item, the 47 prefectures for a prefectural one. A key in both frameworks would hold one list
 * for two levels, so the year cannot be opened with such a pair.
 */
function checkDistinctFigureKeys(municipal: Framework, prefectural: Framework): void {
  const municipalKeys = new Set(numericIndicators(municipal).map((indicator) => indicator.id));
  const shared = numericIndicators(prefectural).map((indicator) => indicator.id).filter((id) => municipalKeys.has(id));
  if (shared.length > 0) {
    throw invalid(
      'prefecturalFramework',
      `市町村分と都道府県分の指標体系で国の数値の指標 ID が重複しています: ${shared.join(', ')}`,
      `The municipal and prefectural frameworks share national-figure indicator ids: ${shared.join(', ')}.`,
    );
  }
}

function checkDeadlines(deadlines: Deadlines, now: Date): void {
  const keys = ['submissionsDueAt', 'prefectureSubmissionsDueAt', 'reviewDueAt'] as const;
  const times = keys.map((key) => {
    const value = deadlines[key];
    const instant = typeof value === 'string' ? parseInstant(value) : ({ problem: 'format' } as const);
    if ('problem' in instant && instant.problem === 'offset') {
      const { ja, en } = missingOffsetMessage(`deadlines.${key}`);
      throw invalid(`deadlines.${key}`, ja, en);
    }
    if ('problem' in instant) throw invalid(`deadlines.${key}`, '期限は ISO 8601 の日時で指定してください。', 'Deadlines are ISO 8601 date-times.');
    return instant.at.getTime();
  });
  if (times[0] <= now.getTime()) throw invalid('deadlines.submissionsDueAt', '提出期限は現在より後にしてください。', 'The submission deadline must be in the future.');
  if (!(times[0] <= times[1] && times[1] <= times[2])) {
    throw invalid('deadlines', '期限は 保険者提出 ≤ 都道府県提出 ≤ 国の審査 の順にしてください。', 'Deadlines must be in order: submissions ≤ prefecture submissions ≤ review.');
  }
}

function invalid(field: string, ja: string, en: string): DomainError {
  return new DomainError('invalid', 'VALIDATION.INVALID_FIELD', ja, en, field);
}
