/** How the API answers a refusal: conflict 409, not_found 404, invalid 400, forbidden 403 (the filter's one table). */
export type RefusalKind = 'conflict' | 'not_found' | 'invalid' | 'forbidden';

/**
 * Base of every error the domain throws: a stable `code` for programs and a message in Japanese, then English. A
 * refusal of the caller's input or request carries its `kind`; an error without one is a bug (HTTP 500).
 */
export abstract class CodedError extends Error {
  abstract readonly code: string;
  declare readonly kind?: RefusalKind;
  constructor(
    readonly messageJa: string,
    readonly messageEn: string,
  ) {
    super(`${messageJa} ${messageEn}`);
    this.name = new.target.name;
  }
}

/**
 * A command refused by a business rule. `kind` says how the API answers (conflict 409, not_found 404, invalid 400,
 * forbidden 403); `code` is stable for programs; the message is Japanese first, then English, and says what to do.
 */
export class DomainError extends CodedError {
  constructor(
    override readonly kind: RefusalKind,
    readonly code: string,
    messageJa: string,
    messageEn: string,
    readonly field?: string,
    readonly details?: unknown,
  ) {
    super(messageJa, messageEn);
    this.name = 'DomainError';
  }
}

/** What a calculation is called in its errors: 配分 / allocation, 採点 / scoring. */
export interface CalculationName {
  readonly ja: string;
  readonly en: string;
}

/** A calculation was given a value it cannot accept; `field` is its path, `reason` a stable word. HTTP 400. */
export abstract class InvalidCalculationInput<Reason extends string> extends CodedError {
  override readonly kind = 'invalid';
  constructor(
    calculation: CalculationName,
    /** Path of the offending value, e.g. `recipients[3].weight`. */
    readonly field: string,
    readonly reason: Reason,
    messageJa: string,
    messageEn: string,
  ) {
    super(`${calculation.ja}の入力が不正です（${field}）: ${messageJa}`, `Invalid ${calculation.en} input (${field}): ${messageEn}`);
  }
}

/** A post-condition of a calculation did not hold: a bug, never a user error; the result must not be used. HTTP 500. */
export abstract class CalculationInvariantViolated extends CodedError {
  constructor(
    calculation: CalculationName,
    readonly invariant: string,
    detail: string,
  ) {
    super(
      `${calculation.ja}結果の検算に失敗しました（${invariant}）。結果は使用できません。`,
      `${calculation.en.charAt(0).toUpperCase()}${calculation.en.slice(1)} invariant ${invariant} violated: ${detail}. This is a bug; the result must not be used.`,
    );
  }
}
