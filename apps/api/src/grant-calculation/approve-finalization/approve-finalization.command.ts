import { Command } from '@nestjs/cqrs';
import type { GrantsFinalized } from '@grants/domain';
import type { CommandContext } from '../../commands/command-context';

export interface FinalizationResult {
  /** The finalization as decided (or as first recorded, for a retried command). */
  readonly finalized?: GrantsFinalized['data'];
  readonly version: bigint;
}

/** 決裁: a second national administrator approves the requested finalization; the amounts are then frozen. */
export class ApproveFinalization extends Command<FinalizationResult> {
  constructor(
    readonly fiscalYear: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
