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
