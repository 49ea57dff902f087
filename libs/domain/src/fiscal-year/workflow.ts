import { allocationRuleOf } from '../allocation/allocation-rules';
import { DomainError } from '../domain-error';
import { Phase, PHASE_TITLES } from './fiscal-year';

/**
 * The workflow of a year, by its allocation rule. Years whose rule settles a draft against requests
 * (`mhlw-fy2024-v1`) follow the ministry's steps: 内示 of the draft (`draft_published`), the 所要見込額 window
 * (`requests_open` until its date or the next step, then `requests_closed`), 確定 with 追加交付 approved by a second
 * administrator, then the recorded steps 交付申請 → 交付決定 → 実績報告 → 額の確定 → 返還. Every other rule version
 * (the years recorded before) keeps the phases it was run with.
 */
export const SINGLE_PASS_PHASES = ['open', 'submissions_closed', 'review_completed', 'scored', 'allocated', 'finalized'] as const satisfies readonly Phase[];
export const SETTLEMENT_PHASES = ['open', 'submissions_closed', 'review_completed', 'scored', 'draft_published', 'requests_open', 'requests_closed', 'finalized'] as const satisfies readonly Phase[];

/** Whether a year of this rule version goes through 内示, the 所要見込額 window and the settlement. */
export function settlesRequests(allocationRuleVersion: string): boolean {
  return allocationRuleOf(allocationRuleVersion).settlement === 'draft-then-requests';
}

/** The phases of a year of this rule version, in order. */
export function phasesOf(allocationRuleVersion: string): readonly Phase[] {
  return settlesRequests(allocationRuleVersion) ? SETTLEMENT_PHASES : SINGLE_PASS_PHASES;
}

/** The phase after this one in the year's workflow; undefined at its end. */
export function nextPhaseOf(allocationRuleVersion: string, phase: Phase): Phase | undefined {
  const phases = phasesOf(allocationRuleVersion);
  const index = phases.indexOf(phase);
  return index < 0 ? undefined : phases[index + 1];
}

/** Trial calculations (試算): after scoring, before 内示 or, in settlement years, once the request window has closed. */
export const TRIAL_PHASES: readonly Phase[] = ['scored', 'allocated', 'requests_closed'];

/** The 所要見込額 window of a settlement year, as a request is decided against it. */
export interface RequestsWindow {
  readonly phase: Phase;
  readonly requestsDueAt?: string;
}

/**
 * Refuses a 所要見込額 (municipal or prefectural) outside the window: 409 REQUESTS.WINDOW_NOT_OPEN before it opens
 * (before 内示 and the opening of requests), 409 REQUESTS.WINDOW_CLOSED after its date or once the year moved on.
 */
export function checkRequestsWindow(window: RequestsWindow, now: Date): void {
  const details = { phase: window.phase, requestsDueAt: window.requestsDueAt ?? null };
  const position = SETTLEMENT_PHASES.indexOf(window.phase as (typeof SETTLEMENT_PHASES)[number]);
  const opensAt = SETTLEMENT_PHASES.indexOf('requests_open');
  if (position < opensAt) {
    throw new DomainError(
      'conflict',
      'REQUESTS.WINDOW_NOT_OPEN',
      `所要見込額の受付はまだ始まっていません（現在のフェーズ「${PHASE_TITLES[window.phase]}」）。内示の後、受付開始をお待ちください。`,
      `The 所要見込額 window is not open yet (phase ${window.phase}); requests are accepted once it opens after the draft (内示).`,
      undefined,
      details,
    );
  }
  const pastDue = window.requestsDueAt !== undefined && now.getTime() > Date.parse(window.requestsDueAt);
  if (position > opensAt || pastDue) {
    throw new DomainError(
      'conflict',
      'REQUESTS.WINDOW_CLOSED',
      `所要見込額の受付は終了しています${window.requestsDueAt ? `（期限 ${window.requestsDueAt}）` : ''}。`,
      `The 所要見込額 window is closed${window.requestsDueAt ? ` (it closed at ${window.requestsDueAt})` : ''}; requests are no longer accepted.`,
      undefined,
      details,
    );
  }
}
