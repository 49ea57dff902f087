import { DomainError, GrantCalculationState, RecordedPool } from '@grants/domain';

/** The amounts in force: the latest recalculation after corrections, else the finalized calculation, else the latest trial. */
export function poolsInForce(state: GrantCalculationState): readonly RecordedPool[] | undefined {
  return state.latestRecalculation?.pools ?? state.finalized?.pools ?? state.latest?.pools;
}

export function noCalculation(fiscalYear: string): DomainError {
  return new DomainError('not_found', 'CALCULATION.NONE', `${fiscalYear} の試算はまだありません。`, `No calculation for ${fiscalYear} yet.`);
}
