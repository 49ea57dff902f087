import { Framework } from '../framework/framework';
import type { ScoresCalculated } from '../scoring/scores-calculated';

/** A fiscal year's label, e.g. 'FY2024' (令和6年度). */
export type FiscalYearLabel = string;
const FISCAL_YEAR_LABEL = /^FY20[1-9]\d$/;

/** Whether a text is a fiscal-year label such as 'FY2024': the one check of labels (paths, bodies, CLI options). */
export function isFiscalYearLabel(text: unknown): text is FiscalYearLabel {
  return typeof text === 'string' && FISCAL_YEAR_LABEL.test(text);
}

/** The calendar year a label starts in: 2024 for 'FY2024'; undefined for a text that is not a label. */
export function fiscalYearNumber(text: unknown): number | undefined {
  return isFiscalYearLabel(text) ? Number(text.slice(2)) : undefined;
}

/** Phases move forward one step at a time (DOMAIN.md, "One fiscal year, as a workflow"). */
export const PHASES = ['open', 'submissions_closed', 'review_completed', 'scored', 'allocated', 'finalized'] as const;
export type Phase = (typeof PHASES)[number];

export const PHASE_TITLES: Readonly<Record<Phase, string>> = {
  open: '受付中',
  submissions_closed: '提出締切',
  review_completed: '国の審査完了',
  scored: '評価確定',
  allocated: '交付額算定済',
  finalized: '交付額確定',
};

/** The four pools of a fiscal year: {推進, 支援} × {municipal, prefectural}, integer yen as decimal strings. */
export interface Pools {
  readonly suishinMunicipalYen: string;
  readonly suishinPrefecturalYen: string;
  readonly shienMunicipalYen: string;
  readonly shienPrefecturalYen: string;
}
export const POOL_KEYS = ['suishinMunicipalYen', 'suishinPrefecturalYen', 'shienMunicipalYen', 'shienPrefecturalYen'] as const;

export interface Deadlines {
  /** Insurers' self-evaluations (ISO 8601). */
  readonly submissionsDueAt: string;
  /** Prefectures' own answers and requested amounts (所要見込額). */
  readonly prefectureSubmissionsDueAt: string;
  readonly reviewDueAt: string;
}
export const DEADLINE_KEYS = ['submissionsDueAt', 'prefectureSubmissionsDueAt', 'reviewDueAt'] as const;
export type DeadlineKey = (typeof DEADLINE_KEYS)[number];

/** One change of a deadline, as the year's history shows it. */
export interface DeadlineChange {
  readonly deadline: DeadlineKey;
  readonly from: string;
  readonly to: string;
  /** 'extended' when moved later, 'closed_early' when moved earlier. */
  readonly kind: 'extended' | 'closed_early';
  readonly reason: string;
  readonly changedAt: string;
}

export interface FiscalYearOpened {
  readonly type: 'FiscalYearOpened';
  readonly data: {
    readonly fiscalYear: FiscalYearLabel;
    readonly pools: Pools;
    readonly municipalFramework: Framework;
    readonly prefecturalFramework: Framework;
    /** SHA-256 of each framework's canonical JSON, so an auditor can match the published file. */
    readonly frameworkHashes: { readonly municipal: string; readonly prefectural: string };
    readonly deadlines: Deadlines;
    readonly allocationRuleVersion: string;
    /** Rounding unit of the grant amounts (default 1,000 yen: amounts are published in 千円). */
    readonly unitYen: string;
    readonly openedAt: string;
  };
}

export interface FiscalYearPhaseAdvanced {
  readonly type: 'FiscalYearPhaseAdvanced';
  readonly data: {
    readonly fiscalYear: FiscalYearLabel;
    readonly from: Phase;
    readonly to: Phase;
    readonly advancedAt: string;
  };
}

/** 期限の延長・繰上げ: the national administrator moves one deadline, with a reason. */
export interface DeadlineChanged {
  readonly type: 'DeadlineChanged';
  readonly data: DeadlineChange & { readonly fiscalYear: FiscalYearLabel };
}

export type FiscalYearEvent = FiscalYearOpened | FiscalYearPhaseAdvanced | DeadlineChanged;
/** Everything the fiscal year's stream holds: its own events and the scores recorded when it moved to 'scored'. */
export type FiscalYearStreamEvent = FiscalYearEvent | ScoresCalculated;
export const FISCAL_YEAR_EVENT_TYPES: readonly FiscalYearStreamEvent['type'][] = ['FiscalYearOpened', 'FiscalYearPhaseAdvanced', 'DeadlineChanged', 'ScoresCalculated'];

export type FiscalYearState =
  | { readonly status: 'absent' }
  | {
      readonly status: 'opened';
      readonly fiscalYear: FiscalYearLabel;
      readonly phase: Phase;
      readonly pools: Pools;
      readonly deadlines: Deadlines;
      /** Every change of a deadline since the year opened, oldest first. */
      readonly deadlineChanges: readonly DeadlineChange[];
      readonly allocationRuleVersion: string;
      readonly unitYen: string;
      readonly municipalFramework: Framework;
      readonly prefecturalFramework: Framework;
      readonly frameworkHashes: { readonly municipal: string; readonly prefectural: string };
      readonly openedAt: string;
    };

export const initialFiscalYearState: FiscalYearState = { status: 'absent' };

/** Total and pure: events it does not know leave the state unchanged. */
export function evolveFiscalYear(state: FiscalYearState, event: FiscalYearStreamEvent): FiscalYearState {
  switch (event.type) {
    case 'FiscalYearOpened': {
      const data = event.data;
      return { status: 'opened', phase: 'open', ...data, deadlineChanges: [] };
    }
    case 'FiscalYearPhaseAdvanced':
      return state.status === 'opened' ? { ...state, phase: event.data.to } : state;
    case 'DeadlineChanged': {
      if (state.status !== 'opened') return state;
      const { fiscalYear: _fiscalYear, ...change } = event.data;
      return { ...state, deadlines: { ...state.deadlines, [change.deadline]: change.to }, deadlineChanges: [...state.deadlineChanges, change] };
    }
    case 'ScoresCalculated':
    default:
      return state;
  }
}
