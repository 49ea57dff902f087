import { Query } from '@nestjs/cqrs';
import type { DeadlineChange, Deadlines, GrantStepRecord, Phase, Pools } from '@grants/domain';

export interface FiscalYearView {
  readonly fiscalYear: string;
  readonly phase: Phase;
  readonly pools: Pools;
  /** The deadlines in force (after any extension or early close). */
  readonly deadlines: Deadlines;
  /** Their history: every extension and early close, with its reason, oldest first. */
  readonly deadlineChanges: readonly DeadlineChange[];
  readonly allocationRuleVersion: string;
  readonly unitYen: string;
  readonly frameworkHashes: { readonly municipal: string; readonly prefectural: string };
  readonly openedAt: string;
  /** The phases of the year's workflow, in order (by its allocation rule version), and the next one (null at the end). */
  readonly phases: readonly Phase[];
  readonly nextPhase: Phase | null;
  /** Until when the 所要見込額 window accepts requests (settlement years, once it opened); null otherwise. */
  readonly requestsDueAt: string | null;
  /** 交付申請 → 交付決定 → 実績報告 → 額の確定 → 返還 as recorded after finalization, each with its date and reason. */
  readonly grantSteps: readonly (GrantStepRecord & { readonly title: string })[];
  /** The stream version: the ETag, and the If-Match of the next phase change. */
  readonly version: string;
}

/** 年度の状態: phase (and the workflow's phases), pools, deadlines, the 所要見込額 window, the steps after finalization, framework hashes and the version. */
export class GetFiscalYear extends Query<FiscalYearView> {
  constructor(readonly fiscalYear: string) {
    super();
  }
}
