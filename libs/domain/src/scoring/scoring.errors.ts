import { CodedError } from '../domain-error';

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
  | 'POINTS_NOT_IN_BANDS';

/** Base of every error the scoring functions throw; `code` is stable and mapped to HTTP by the API's filter. */
export abstract class ScoringError extends CodedError {}

/** An answer, figure, insurer or points value the scoring cannot accept. HTTP 400. */
export class InvalidScoringInput extends ScoringError {
  readonly code = 'SCORING.INVALID_INPUT';
  /** Mapped to HTTP 400 by the API's exception filter. */
  override readonly kind = 'invalid';
  constructor(
    /** Path of the offending value, e.g. `insurers[3].answers.suishin-I-i-2`. */
    readonly field: string,
    readonly reason: InvalidScoringInputReason,
    messageJa: string,
    messageEn: string,
  ) {
    super(`採点の入力が不正です（${field}）: ${messageJa}`, `Invalid scoring input (${field}): ${messageEn}`);
  }
}

/** A computed score broke a maximum or a sum. A bug in the scoring, never a user error: do not publish it. HTTP 500. */
export class ScoringInvariantViolated extends ScoringError {
  readonly code = 'SCORING.INVARIANT_VIOLATED';
  constructor(
    readonly invariant: string,
    detail: string,
  ) {
    super(
      `採点結果の検算に失敗しました（${invariant}）。結果は使用できません。`,
      `Scoring invariant ${invariant} violated: ${detail}. This is a bug; the result must not be used.`,
    );
  }
}
