import { FiscalYearLabel, isFiscalYearLabel } from '../fiscal-year/fiscal-year';

/**
 * Stream ids, in one place: `<category>-<fiscal year>` for the year's own streams and
 * `<category>-<fiscal year>-<code>` for one recipient's, e.g. `fiscal_year-FY2024`, `submission-FY2024-242055`.
 * Every builder and every reader of a stream id goes through this module, so the two cannot drift apart.
 */

/** Streams with one instance per fiscal year. */
export const YEAR_STREAM_CATEGORIES = ['fiscal_year', 'register', 'national_figures', 'grant_calculation'] as const;
export type YearStreamCategory = (typeof YEAR_STREAM_CATEGORIES)[number];

/** Streams with one instance per fiscal year and recipient: an insurer (6-digit code) or a prefecture (2-digit code). */
export const RECIPIENT_STREAM_CODES = { submission: /^\d{6}$/, prefecture_submission: /^\d{2}$/ } as const;
export type RecipientStreamCategory = keyof typeof RECIPIENT_STREAM_CODES;

export type StreamCategory = YearStreamCategory | RecipientStreamCategory;

/** What a stream id says: its category, its fiscal year and, for a recipient's stream, the recipient's code. */
export type StreamAddress =
  | { readonly category: YearStreamCategory; readonly fiscalYear: FiscalYearLabel }
  | { readonly category: RecipientStreamCategory; readonly fiscalYear: FiscalYearLabel; readonly code: string };

/** The one place stream ids are written. */
export function buildStreamId(address: StreamAddress): string {
  return 'code' in address ? `${address.category}-${address.fiscalYear}-${address.code}` : `${address.category}-${address.fiscalYear}`;
}

/**
 * The one place stream ids are read: the address of a stream of this service, or undefined for any other id (an
 * unknown category, a malformed fiscal year, a missing, extra or malformed recipient code).
 */
export const parseStreamId = perStreamId((streamId: string): StreamAddress | undefined => {
  const parts = splitStreamId(streamId);
  if (!parts) return undefined;
  const { category, fiscalYear, rest } = parts;
  if (isYearStreamCategory(category)) return rest === undefined ? { category, fiscalYear } : undefined;
  if (isRecipientStreamCategory(category) && rest !== undefined && RECIPIENT_STREAM_CODES[category].test(rest)) return { category, fiscalYear, code: rest };
  return undefined;
});

/** `<category>-<fiscal year>[-<rest>]` of any stream id, known category or not (fiscalYearOfStream reads the year of any). */
function splitStreamId(streamId: string): { category: string; fiscalYear: FiscalYearLabel; rest?: string } | undefined {
  const first = streamId.indexOf('-');
  if (first <= 0 || !/^[a-z_]+$/.test(streamId.slice(0, first))) return undefined;
  const second = streamId.indexOf('-', first + 1);
  const fiscalYear = streamId.slice(first + 1, second === -1 ? undefined : second);
  if (!isFiscalYearLabel(fiscalYear)) return undefined;
  return { category: streamId.slice(0, first), fiscalYear, ...(second !== -1 && { rest: streamId.slice(second + 1) }) };
}

export function isYearStreamCategory(category: string): category is YearStreamCategory {
  return (YEAR_STREAM_CATEGORIES as readonly string[]).includes(category);
}

export function isRecipientStreamCategory(category: string): category is RecipientStreamCategory {
  return Object.prototype.hasOwnProperty.call(RECIPIENT_STREAM_CODES, category);
}

/** The category of a stream id of this service (`submission` of `submission-FY2024-242055`), else undefined. */
export function streamCategoryOf(streamId: string): StreamCategory | undefined {
  return parseStreamId(streamId)?.category;
}

/** The fiscal year a stream belongs to: `submission-FY2024-242055` → FY2024; undefined for other streams. */
export const fiscalYearOfStream = perStreamId((streamId: string): FiscalYearLabel | undefined => splitStreamId(streamId)?.fiscalYear);

/**
 * A reading of stream ids remembered per id: the audit reads a national year's 300,000 events from about 1,800
 * streams, so each id is parsed once. Bounded, in case a caller walks an unbounded number of ids.
 */
function perStreamId<T>(read: (streamId: string) => T | undefined): (streamId: string) => T | undefined {
  const seen = new Map<string, T | null>();
  return (streamId) => {
    let known = seen.get(streamId);
    if (known === undefined) {
      known = read(streamId) ?? null;
      if (seen.size > 100_000) seen.clear();
      seen.set(streamId, known);
    }
    return known ?? undefined;
  };
}

export const fiscalYearStreamId = (fiscalYear: FiscalYearLabel) => buildStreamId({ category: 'fiscal_year', fiscalYear });
export const registerStreamId = (fiscalYear: FiscalYearLabel) => buildStreamId({ category: 'register', fiscalYear });
export const nationalFiguresStreamId = (fiscalYear: FiscalYearLabel) => buildStreamId({ category: 'national_figures', fiscalYear });
export const grantCalculationStreamId = (fiscalYear: FiscalYearLabel) => buildStreamId({ category: 'grant_calculation', fiscalYear });
export const submissionStreamId = (fiscalYear: FiscalYearLabel, insurerCode: string) => buildStreamId({ category: 'submission', fiscalYear, code: insurerCode });
export const prefectureSubmissionStreamId = (fiscalYear: FiscalYearLabel, prefectureCode: string) =>
  buildStreamId({ category: 'prefecture_submission', fiscalYear, code: prefectureCode });
