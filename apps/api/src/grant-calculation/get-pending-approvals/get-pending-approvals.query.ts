import { Query } from '@nestjs/cqrs';
import type { RecordedPool, ScoreCorrectionRequested } from '@grants/domain';

/** The totals of one pool of the trial awaiting approval. */
export type PendingPoolTotals = Pick<RecordedPool, 'pool' | 'poolYen' | 'placedYen' | 'unallocatedYen' | 'draftYen' | 'additionalYen'> & { readonly recipients: number };

export interface PendingApprovalsView {
  readonly fiscalYear: string;
  /** The requested finalization: which trial, by whom, when, and its pool totals; null when none awaits approval. */
  readonly finalization: {
    readonly trialNumber: number;
    readonly requestedBy: string;
    readonly requestedAt: string;
    readonly inputsSha256: string;
    readonly placedYen: string;
    readonly unallocatedYen: string;
    readonly pools: readonly PendingPoolTotals[];
  } | null;
  /** Each requested score correction not yet approved, oldest first: its id, who, the recipient, old → new, why. */
  readonly corrections: readonly Omit<ScoreCorrectionRequested['data'], 'fiscalYear'>[];
}

/** What awaits a second national administrator's approval in a fiscal year's grant calculation. */
export class GetPendingApprovals extends Query<PendingApprovalsView> {
  constructor(readonly fiscalYear: string) {
    super();
  }
}
