import { Command } from '@nestjs/cqrs';
import type { GrantsRecalculated } from '@grants/domain';
import type { CommandContext } from '../../commands/command-context';

export interface RecalculationResult {
  /** The recalculation as decided (or as first recorded, for a retried command). */
  readonly recalculation: GrantsRecalculated['data'];
  readonly version: bigint;
}

/** 再算定 with the corrections made after finalization: per recipient, the finalized amount, the new one and the difference. */
export class Recalculate extends Command<RecalculationResult> {
  constructor(
    readonly fiscalYear: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
