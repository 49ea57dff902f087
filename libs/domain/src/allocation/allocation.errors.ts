import { CalculationInvariantViolated, CalculationName, InvalidCalculationInput } from '../domain-error';

/** Why an input was rejected; stable, so callers can show a field-level message. */
export type InvalidAllocationInputReason =
  | 'NOT_BIGINT'
  | 'NEGATIVE_POOL'
  | 'NON_POSITIVE_UNIT'
  | 'EMPTY_RULE_VERSION'
  | 'NOT_A_LIST'
  | 'EMPTY_CODE'
  | 'DUPLICATE_CODE'
  | 'NEGATIVE_WEIGHT'
  | 'NEGATIVE_CAP'
  | 'NEGATIVE_SCORE'
  | 'NEGATIVE_INSURED_PERSONS'
  | 'NEGATIVE_PREVIOUS_AMOUNT'
  | 'INVALID_COMPONENTS';

const ALLOCATION: CalculationName = { ja: '配分', en: 'allocation' };

/** The caller passed a pool, unit, recipient list or weight the engine cannot accept. HTTP 400. */
export class InvalidAllocationInput extends InvalidCalculationInput<InvalidAllocationInputReason> {
  readonly code = 'ALLOCATION.INVALID_INPUT';
  constructor(field: string, reason: InvalidAllocationInputReason, messageJa: string, messageEn: string) {
    super(ALLOCATION, field, reason, messageJa, messageEn);
  }
}

/**
 * A post-condition of the allocation did not hold. This is a bug in the engine, never a user error: the result must
 * not be used. HTTP 500.
 */
export class AllocationInvariantViolated extends CalculationInvariantViolated {
  readonly code = 'ALLOCATION.INVARIANT_VIOLATED';
  constructor(invariant: string, detail: string) {
    super(ALLOCATION, invariant, detail);
  }
}

/** Every error the allocation engine throws; `code` is stable and mapped to HTTP by the API's exception filter. */
export type AllocationError = InvalidAllocationInput | AllocationInvariantViolated;
