/**
 * A command refused by a business rule. `kind` says how the API answers (conflict 409, not_found 404, invalid 400,
 * forbidden 403); `code` is stable for programs; the message is Japanese first, then English, and says what to do.
 */
export class DomainError extends Error {
  constructor(
    readonly kind: 'conflict' | 'not_found' | 'invalid' | 'forbidden',
    readonly code: string,
    messageJa: string,
    messageEn: string,
    readonly field?: string,
    readonly details?: unknown,
  ) {
    super(`${messageJa} ${messageEn}`);
    this.name = 'DomainError';
  }
}
