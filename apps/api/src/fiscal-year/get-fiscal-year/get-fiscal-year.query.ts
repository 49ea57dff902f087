import { Query } from '@nestjs/cqrs';
import type { DeadlineChange, Deadlines, Phase, Pools } from '@grants/domain';

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
  /** The stream version: the ETag, and the If-Match of the next phase change. */
  readonly version: string;
}

/** 年度の状態: phase, pools, deadlines, framework hashes and the version. */
export class GetFiscalYear extends Query<FiscalYearView> {
  constructor(readonly fiscalYear: string) {
    super();
  }
}
