/** An ISO 8601 date-time: `2025-03-31T15:00`, with seconds, fractions and an offset optional. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/i;
const UTC_OFFSET = /(Z|[+-]\d{2}:\d{2})$/i;

/**
 * How a text reads as a moment: the instant, or why not. A date-time without a UTC offset (`2025-03-31T15:00`) is
 * refused, never guessed: JavaScript would read it in the server's zone, and a year's deadlines and audit points are
 * compared across offices (JST) and servers (UTC).
 */
export function parseInstant(text: string): { readonly at: Date } | { readonly problem: 'format' | 'offset' } {
  if (!ISO_DATE_TIME.test(text)) return { problem: 'format' };
  if (!UTC_OFFSET.test(text)) return { problem: 'offset' };
  const time = Date.parse(text);
  return Number.isNaN(time) ? { problem: 'format' } : { at: new Date(time) };
}

/** The message of a time refused for its missing offset, in Japanese and English. */
export function missingOffsetMessage(name: string): { readonly ja: string; readonly en: string } {
  return {
    ja: `${name} の日時に UTC からの時差がありません。末尾に Z（UTC）か +09:00（日本時間）を付けてください。`,
    en: `${name} has no UTC offset: add one, Z (UTC) or +09:00 (JST), e.g. 2025-03-31T15:00+09:00.`,
  };
}
