export {
  allocate,
  floorToUnit,
  DEFAULT_UNIT_YEN,
  EXACT_SHARE_DISPLAY_DECIMALS,
  type AllocationInput,
  type AllocationRecipientInput,
  type AllocationRecipientResult,
  type AllocationResult,
  type AllocationRound,
} from './allocation';
export { ALLOCATION_INVARIANTS, checkAllocationInvariants, type AllocationInvariantId } from './allocation-invariants';
export { municipalDefaultWeight, prefecturalDefaultWeight } from './allocation-weight';
export {
  type AllocationError,
  AllocationInvariantViolated,
  InvalidAllocationInput,
  type InvalidAllocationInputReason,
} from './allocation.errors';
export { largestRemainder, type LargestRemainderOutcome, type LargestRemainderPart } from './largest-remainder';
export { rational, toDecimalString, type Rational } from './rational';
export { compareRecipientCodes } from './recipient-code';
export { ALLOCATION_RULES, allocationRuleOf, type AllocationRule, type DraftComponent, type SettlementMethod, type WeightRule } from './allocation-rules';
export { divideByWeight, ROUNDING_METHODS, type RoundingMethod } from './rounding';
export { settle, SETTLEMENT_INVARIANTS, type SettlementInvariantId, type SettlementInput, type SettlementRecipientInput, type SettlementRecipientResult, type SettlementResult } from './settlement';
