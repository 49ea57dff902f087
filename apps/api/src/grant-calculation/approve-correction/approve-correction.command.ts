import { Command } from '@nestjs/cqrs';
import type { ScoreCorrected } from '@grants/domain';
import type { CommandContext } from '../../commands/command-context';

export interface CorrectionApprovalResult {
  /** The correction as decided (or as first recorded, for a retried command). */
  readonly corrected?: ScoreCorrected['data'];
  readonly version: bigint;
}

/** 訂正の決裁: a second national administrator approves a requested score correction by its id; the score is then corrected. */
export class ApproveScoreCorrection extends Command<CorrectionApprovalResult> {
  constructor(
    readonly fiscalYear: string,
    readonly correctionId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
