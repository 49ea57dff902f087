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

/**
 * Every phase a year can be in (DOMAIN.md, "One fiscal year, as a workflow"). Phases move forward one step at a time
 * along the sequence of the year's workflow (workflow.ts `phasesOf`): years opened under a rule that settles a draft
 * against requests (`mhlw-fy2024-v1`) go through 内示 and the 所要見込額 window instead of `allocated`.
 */
export const PHASES = ['open', 'submissions_closed', 'review_completed', 'scored', 'allocated', 'draft_published', 'requests_open', 'requests_closed', 'finalized'] as const;
export type Phase = (typeof PHASES)[number];

export const PHASE_TITLES: Readonly<Record<Phase, string>> = {
  open: '受付中',
  submissions_closed: '提出締切',
  review_completed: '国の審査完了',
  scored: '評価確定',
  allocated: '交付額算定済',
  draft_published: '内示済',
  requests_open: '所要見込額受付中',
  requests_closed: '所要見込額締切',
  finalized: '交付額確定',
};

/** The recorded steps after finalization (the standard subsidy sequence), in order; 返還 only where money is due back. */
export const GRANT_STEPS = ['application', 'decision', 'performance_report', 'amount_confirmation', 'refund'] as const;
export type GrantStep = (typeof GRANT_STEPS)[number];
export const GRANT_STEP_TITLES: Readonly<Record<GrantStep, string>> = {
  application: '交付申請',
  decision: '交付決定',
  performance_report: '実績報告',
  amount_confirmation: '額の確定',
  refund: '返還',
};

/** One step after finalization as the year's history shows it: the date on the office's documents and why. */
export interface GrantStepRecord {
  readonly step: GrantStep;
  /** The date of the step (YYYY-MM-DD, the office's calendar date in JST). */
  readonly date: string;
  readonly reason: string;
  readonly recordedBy: string;
  readonly recordedAt: string;
}

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
    /** Settlement years: when the 所要見込額 window opens (`requests_open`): until when requests are accepted. */
    readonly requestsDueAt?: string;
  };
}

/** 期限の延長・繰上げ: the national administrator moves one deadline, with a reason. */
export interface DeadlineChanged {
  readonly type: 'DeadlineChanged';
  readonly data: DeadlineChange & { readonly fiscalYear: FiscalYearLabel };
}

/** 交付申請 / 交付決定 / 実績報告 / 額の確定 / 返還 of a finalized year, one event each (settlement rules). */
export interface GrantStepRecorded {
  readonly type: 'GrantStepRecorded';
  readonly data: GrantStepRecord & { readonly fiscalYear: FiscalYearLabel };
}

export type FiscalYearEvent = FiscalYearOpened | FiscalYearPhaseAdvanced | DeadlineChanged | GrantStepRecorded;
/** Everything the fiscal year's stream holds: its own events and the scores recorded when it moved to 'scored'. */
export type FiscalYearStreamEvent = FiscalYearEvent | ScoresCalculated;
export const FISCAL_YEAR_EVENT_TYPES: readonly FiscalYearStreamEvent['type'][] = ['FiscalYearOpened', 'FiscalYearPhaseAdvanced', 'DeadlineChanged', 'GrantStepRecorded', 'ScoresCalculated'];

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
      /** Until when the 所要見込額 window accepts requests, once it opened (settlement years). */
      readonly requestsDueAt?: string;
      /** The steps recorded after finalization, in order. */
      readonly grantSteps: readonly GrantStepRecord[];
    };

export const initialFiscalYearState: FiscalYearState = { status: 'absent' };

/** Total and pure: events it does not know leave the state unchanged. */
export function evolveFiscalYear(state: FiscalYearState, event: FiscalYearStreamEvent): FiscalYearState {
  switch (event.type) {
    case 'FiscalYearOpened': {
      const data = event.data;
      return { status: 'opened', phase: 'open', ...data, deadlineChanges: [], grantSteps: [] };
    }
    case 'FiscalYearPhaseAdvanced': {
      if (state.status !== 'opened') return state;
      const { to, requestsDueAt } = event.data;
      return { ...state, phase: to, ...(requestsDueAt !== undefined && { requestsDueAt }) };
    }
    case 'GrantStepRecorded': {
      if (state.status !== 'opened') return state;
      const { fiscalYear: _fiscalYear, ...step } = event.data;
      return { ...state, grantSteps: [...state.grantSteps, step] };
    }
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
