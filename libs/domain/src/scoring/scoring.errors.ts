import { CalculationInvariantViolated, CalculationName, InvalidCalculationInput } from '../domain-error';

/** Why a scoring input was rejected; stable, so callers can show a field-level message. */
export type InvalidScoringInputReason =
  | 'EMPTY_NATION'
  | 'EMPTY_CODE'
  | 'DUPLICATE_CODE'
  | 'INVALID_PREFECTURE_CODE'
  | 'UNKNOWN_INSURER'
  | 'UNKNOWN_INDICATOR'
  | 'NOT_SELF_ASSESSED'
  | 'NOT_NUMERIC'
  | 'ANSWER_TYPE_MISMATCH'
  | 'UNKNOWN_OPTION'
  | 'DUPLICATE_OPTION'
  | 'TOO_MANY_OPTIONS'
  | 'NOT_A_FINITE_NUMBER'
  | 'POINTS_NOT_IN_BANDS'
  | 'MUNICIPAL_RESULT_MISSING';

const SCORING: CalculationName = { ja: '採点', en: 'scoring' };

/** An answer, figure, insurer or points value the scoring cannot accept (`field` e.g. `insurers[3].answers.suishin-I-i-2`). HTTP 400. */
export class InvalidScoringInput extends InvalidCalculationInput<InvalidScoringInputReason> {
  readonly code = 'SCORING.INVALID_INPUT';
  constructor(field: string, reason: InvalidScoringInputReason, messageJa: string, messageEn: string) {
    super(SCORING, field, reason, messageJa, messageEn);
  }
}

/** A computed score broke a maximum or a sum. A bug in the scoring, never a user error: do not publish it. HTTP 500. */
export class ScoringInvariantViolated extends CalculationInvariantViolated {
  readonly code = 'SCORING.INVARIANT_VIOLATED';
  constructor(invariant: string, detail: string) {
    super(SCORING, invariant, detail);
  }
}

/** Every error the scoring functions throw; `code` is stable and mapped to HTTP by the API's exception filter. */
export type ScoringError = InvalidScoringInput | ScoringInvariantViolated;
