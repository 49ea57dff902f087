import { CodedError } from '../domain-error';

/** Base of every error the allocation engine throws; `code` is stable and mapped to HTTP by the API's exception filter. */
export abstract class AllocationError extends CodedError {}

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
  | 'NEGATIVE_INSURED_PERSONS';

/** The caller passed a pool, unit, recipient list or weight the engine cannot accept. HTTP 400. */
export class InvalidAllocationInput extends AllocationError {
  readonly code = 'ALLOCATION.INVALID_INPUT';
  /** Mapped to HTTP 400 by the API's exception filter. */
  override readonly kind = 'invalid';
  constructor(
    /** Path of the offending value, e.g. `recipients[3].weight`. */
    readonly field: string,
    readonly reason: InvalidAllocationInputReason,
    messageJa: string,
    messageEn: string,
  ) {
    super(`配分の入力が不正です（${field}）: ${messageJa}`, `Invalid allocation input (${field}): ${messageEn}`);
  }
}

/**
 * A post-condition of the allocation did not hold. This is a bug in the engine, never a user error: the result must
 * not be used. HTTP 500.
 */
export class AllocationInvariantViolated extends AllocationError {
  readonly code = 'ALLOCATION.INVARIANT_VIOLATED';
  constructor(
    readonly invariant: string,
    detail: string,
  ) {
    super(
      `配分結果の検算に失敗しました（${invariant}）。結果は使用できません。`,
      `Allocation invariant ${invariant} violated: ${detail}. This is a bug; the result must not be used.`,
    );
  }
}
