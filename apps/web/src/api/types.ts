/**
 * The shapes of the API's answers the screens read. The OpenAPI document types every route's path, parameters and
 * request body (schema.d.ts, generated); most answers are not described there yet, so they are written out here,
 * each after the query it comes from (apps/api/src/…/*.query.ts).
 */

export const ROLES = ['national-admin', 'national-reviewer', 'prefecture', 'insurer', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const PHASES = ['open', 'submissions_closed', 'review_completed', 'scored', 'allocated', 'draft_published', 'requests_open', 'requests_closed', 'finalized'] as const;
export type Phase = (typeof PHASES)[number];

/** The one error body of every route (http-exception.filter.ts). */
export interface ErrorBody {
  readonly statusCode: number;
  readonly code: string;
  readonly message: string;
  readonly details?: unknown;
  readonly errors?: readonly { field: string; messages: string[] }[];
}

export interface Actor {
  readonly actorId: string;
  readonly role: Role;
  readonly organisationCode: string;
  readonly prefectureCode?: string;
}

/** GET /fiscal-years/{fy} (get-fiscal-year.query.ts). */
export interface FiscalYearView {
  readonly fiscalYear: string;
  readonly phase: Phase;
  readonly pools: Record<'suishinMunicipalYen' | 'suishinPrefecturalYen' | 'shienMunicipalYen' | 'shienPrefecturalYen', string>;
  readonly deadlines: { readonly submissionsDueAt: string; readonly prefectureSubmissionsDueAt: string; readonly reviewDueAt: string };
  readonly deadlineChanges: readonly { readonly deadline: string; readonly from?: string; readonly to?: string; readonly dueAt?: string; readonly reason: string; readonly changedAt?: string }[];
  readonly allocationRuleVersion: string;
  readonly openedAt: string;
  readonly version: string;
  /** The phases of the year's workflow in order (by its allocation rule), and the next one (null at the end). */
  readonly phases?: readonly Phase[];
  readonly nextPhase?: Phase | null;
  /** Until when the 所要見込額 window accepts requests (settlement years, once opened). */
  readonly requestsDueAt?: string | null;
  /** 交付申請 → 交付決定 → 実績報告 → 額の確定 → 返還, each with its date and reason. */
  readonly grantSteps?: readonly { readonly step: string; readonly title: string; readonly date: string; readonly reason: string; readonly recordedBy: string; readonly recordedAt: string }[];
}

/** GET /fiscal-years (list-fiscal-years.query.ts): one row of the years list. */
export type FiscalYearListEntry = Pick<FiscalYearView, 'fiscalYear' | 'phase' | 'deadlines' | 'allocationRuleVersion' | 'openedAt' | 'version'>;

/** GET /fiscal-years/{fy}/readiness (get-readiness.query.ts). */
export interface ReadinessView {
  readonly fiscalYear: string;
  readonly phase: Phase;
  readonly next: Phase | null;
  readonly missing: readonly { readonly code: string; readonly message: string; readonly insurerCode?: string }[];
}

export type SubmissionStatus = 'draft' | 'submitted' | 'returned';

/** GET /fiscal-years/{fy}/submissions?prefecture= (list-submissions.handler.ts). */
export interface SubmissionList {
  readonly fiscalYear: string;
  readonly count: number;
  readonly submissions: readonly {
    readonly insurerCode: string;
    readonly prefectureCode: string;
    readonly status: SubmissionStatus;
    readonly returnedCount: number;
    readonly correctedCount: number;
    readonly version: string;
    readonly lastEventType: string;
    readonly lastChangedAt: string;
  }[];
}

export interface RegisteredInsurer {
  readonly code: string;
  readonly name: string;
  readonly prefectureCode: string;
  readonly category1InsuredPersons: number;
}

/** GET /fiscal-years/{fy}/insurers?prefecture= (list-insurers.query.ts). */
export interface InsurerList {
  readonly fiscalYear: string;
  readonly count: number;
  readonly insurers: readonly RegisteredInsurer[];
}

export type Answer =
  | { readonly answerType: 'yes_no'; readonly yes: boolean }
  | { readonly answerType: 'choice'; readonly optionIds: readonly string[] }
  | { readonly answerType: 'numeric'; readonly value?: string | number | null };

/** GET /fiscal-years/{fy}/submissions/{code} (get-submission.handler.ts). */
export interface SubmissionView {
  readonly fiscalYear: string;
  readonly insurer: RegisteredInsurer;
  readonly status: SubmissionStatus | 'not_started';
  readonly answers: Readonly<Record<string, Answer>>;
  /** The national reviewers' corrections by indicator: they override the answers in scoring. */
  readonly corrections: Readonly<Record<string, Answer>>;
  readonly version: string;
  readonly history: readonly {
    readonly type: string;
    readonly at: string;
    readonly actorId: string;
    readonly role: Role;
    readonly organisationCode: string;
    readonly reason: string | null;
    readonly version: string;
  }[];
}

export interface ChoiceOption {
  readonly id: string;
  readonly label: string;
  readonly points: number;
}

/** An indicator of the framework, as GET /fiscal-years/{fy}/frameworks/{level} returns it (libs/domain framework.ts). */
export interface Indicator {
  readonly id: string;
  readonly label: string;
  readonly points: number;
  readonly number?: string;
  readonly note?: string;
  readonly evaluatedBy?: 'insurer' | 'mhlw';
  readonly answerType: 'yes_no' | 'choice' | 'numeric' | 'derived';
  readonly selection?: 'single' | 'multiple';
  readonly options?: readonly ChoiceOption[];
}

export interface Framework {
  readonly fiscalYear: string;
  readonly level: 'municipal' | 'prefectural';
  readonly title?: string;
  readonly grants: readonly {
    readonly grant: string;
    readonly title: string;
    readonly maxPoints: number;
    readonly goals: readonly {
      readonly id: string;
      readonly title: string;
      readonly groups: readonly { readonly id: string; readonly title: string; readonly maxPoints: number; readonly indicators: readonly Indicator[] }[];
    }[];
  }[];
}

/** A rank as the score views give it (libs/domain scoring/ranking.ts): 同順位 (competition) and of how many. */
export interface Rank {
  readonly competition: number;
  readonly ordinal: number;
  readonly outOf: number;
}

/** GET /fiscal-years/{fy}/scores/{code} (get-insurer-score.query.ts). */
export interface InsurerScoreView {
  readonly fiscalYear: string;
  readonly code: string;
  readonly total: { readonly score: number; readonly maxPoints: number; readonly rate: string };
  readonly ranks: { readonly national: Rank | null; readonly prefecture: Rank | null };
  readonly table: readonly {
    readonly grant: string;
    readonly goalId: string;
    readonly groupId: string;
    readonly title: string;
    readonly maxPoints: number;
    readonly score: number;
    readonly rate: string;
    readonly nationalRate: string | null;
  }[];
  readonly calculatedAt: string;
}

/** GET /fiscal-years/{fy}/calculations/draft/{code} (get-draft.query.ts): 交付見込額（案） after 内示. */
export interface DraftView {
  readonly fiscalYear: string;
  readonly code: string;
  readonly trialNumber: number;
  readonly publishedAt: string;
  readonly pools: readonly { readonly pool: string; readonly draftYen: string; readonly draftThousandYen: string }[];
}

/** GET /audit/chain (verify-chain.query.ts). */
export interface ChainReport {
  readonly ok: boolean;
  readonly checked: number;
  readonly head: { readonly position: string; readonly hash: string; readonly digest: string };
  readonly failure: Record<string, unknown> | null;
  readonly fiscalYears: readonly { readonly fiscalYear: string; readonly events: number; readonly digest: string }[];
}

/** GET /audit/fiscal-years/{fy}/replay (libs/domain audit/replay.ts). */
export interface ReplayReport {
  readonly fiscalYear: string;
  readonly events: number;
  readonly decisions: number;
  readonly reproduced: boolean;
  readonly mismatches: readonly { readonly position: string; readonly type: string; readonly recipient: string | null; readonly field: string; readonly recorded: string; readonly recomputed: string }[];
}

/** GET /audit/fiscal-years/{fy}/timeline/{code} (libs/domain audit/timeline.ts). */
export interface RecipientTimeline {
  readonly fiscalYear: string;
  readonly code: string;
  readonly entries: readonly {
    readonly position: string;
    readonly type: string;
    readonly recordedAt: string | null;
    readonly actorId: string | null;
    readonly actorRole: string | null;
    readonly organisationCode: string | null;
    readonly reason: string | null;
    readonly changes: readonly { readonly field: string; readonly before: string | null; readonly after: string | null }[];
  }[];
}

export type PoolId = 'suishin-municipal' | 'suishin-prefectural' | 'shien-municipal' | 'shien-prefectural';

/** GET /audit/fiscal-years/{fy}/calculations (list-calculations.query.ts): every trial, the finalization, every recalculation. */
export interface CalculationList {
  readonly fiscalYear: string;
  readonly inForce: string | null;
  readonly calculations: readonly { readonly ref: string; readonly label: string; readonly position: string; readonly eventId: string; readonly recordedAt: string | null }[];
}

/** GET /audit/fiscal-years/{fy}/diff?from=&to= (libs/domain audit/timeline.ts CalculationDiff), in exact yen. */
export interface CalculationDiff {
  readonly fiscalYear: string;
  readonly from: { readonly ref: string; readonly label: string; readonly position: string } | null;
  readonly to: { readonly ref: string; readonly label: string; readonly position: string } | null;
  readonly rows: readonly { readonly pool: PoolId; readonly code: string; readonly fromYen: string | null; readonly toYen: string | null; readonly differenceYen: string }[];
  readonly pools: readonly { readonly pool: PoolId; readonly fromYen: string; readonly toYen: string; readonly differenceYen: string; readonly changed: number }[];
}

/** GET /fiscal-years/{fy}/calculations/pending (get-pending-approvals.query.ts): what awaits a second administrator. */
export interface PendingApprovals {
  readonly fiscalYear: string;
  readonly finalization: {
    readonly trialNumber: number;
    readonly requestedBy: string;
    readonly requestedAt: string;
    readonly inputsSha256: string;
    readonly placedYen: string;
    readonly unallocatedYen: string;
    readonly pools: readonly { readonly pool: PoolId; readonly poolYen: string; readonly placedYen: string; readonly unallocatedYen: string; readonly draftYen?: string; readonly additionalYen?: string; readonly recipients: number }[];
  } | null;
  readonly corrections: readonly { readonly correctionId: string; readonly level: 'municipal' | 'prefectural'; readonly code: string; readonly grant: 'suishin' | 'shien'; readonly previousScore: number; readonly score: number; readonly requestedBy: string; readonly reason: string; readonly requestedAt: string }[];
}
