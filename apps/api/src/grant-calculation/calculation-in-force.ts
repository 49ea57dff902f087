import { DomainError } from '@grants/domain';

/** The recalculation a calculation's name (`recalculation:2`) gives, or null for a trial or the final amounts. */
export function recalculationNumber(ref: string): number | null {
  const match = /^recalculation:(\d+)$/.exec(ref);
  return match ? Number(match[1]) : null;
}

export function noCalculation(fiscalYear: string): DomainError {
  return new DomainError('not_found', 'CALCULATION.NONE', `${fiscalYear} の試算はまだありません。`, `No calculation for ${fiscalYear} yet.`);
}
