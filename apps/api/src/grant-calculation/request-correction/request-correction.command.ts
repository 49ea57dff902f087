import { Command } from '@nestjs/cqrs';
import type { GrantId, ScoreCorrectionRequested } from '@grants/domain';
import type { CommandContext } from '../../commands/command-context';

export interface ScoreCorrection {
  readonly level: 'municipal' | 'prefectural';
  /** 保険者番号 (municipal) or 都道府県コード (prefectural). */
  readonly code: string;
  readonly grant: GrantId;
  readonly score: number;
  readonly reason: string;
}

export interface CorrectionRequestResult {
  /** The request as decided (or as first recorded, for a retried command). */
  readonly requested?: ScoreCorrectionRequested['data'];
  readonly version: bigint;
}

/**
 * 訂正の起案 of one grant score after finalization: recorded as pending; the score changes only when a second national
 * administrator approves it by its id (ApproveScoreCorrection), and amounts only through a recalculation.
 */
export class RequestScoreCorrection extends Command<CorrectionRequestResult> {
  constructor(
    readonly fiscalYear: string,
    readonly correction: ScoreCorrection,
    readonly context: CommandContext,
  ) {
    super();
  }
}
