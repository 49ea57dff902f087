import { Command } from '@nestjs/cqrs';
import type { GrantTrialCalculated } from '@grants/domain';
import type { CommandContext } from '../../commands/command-context';

export interface TrialCalculationResult {
  /** The trial as decided (or as first recorded, for a retried command). */
  readonly trial: GrantTrialCalculated['data'];
  readonly version: bigint;
}

/** 試算: divide the four pools from the recorded scores, the register and the 所要見込額; many trials are allowed. */
export class RunTrialCalculation extends Command<TrialCalculationResult> {
  constructor(
    readonly fiscalYear: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
