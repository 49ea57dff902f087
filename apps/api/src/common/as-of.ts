import { DomainError } from '@grants/domain';

/** A point in the log: a global position, or a time (events recorded at or before it). */
export interface AsOf {
  readonly position?: bigint;
  readonly at?: Date;
}

/** `?asOf=1234` (a global position) or `?asOf=2024-12-01T09:00:00Z` (a time); 400 naming `asOf` otherwise. */
export function parseAsOf(value: string | undefined): AsOf | undefined {
  if (value === undefined) return undefined;
  if (/^\d{1,19}$/.test(value)) return { position: BigInt(value) };
  if (/^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value))) return { at: new Date(value) };
  throw new DomainError(
    'invalid',
    'VALIDATION.INVALID_QUERY',
    'asOf にはイベントの位置（整数）か ISO 8601 の日時を指定してください。',
    'asOf is a global event position (an integer) or an ISO 8601 time.',
    'asOf',
  );
}
