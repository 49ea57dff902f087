/**
 * Times as people in Japanese offices read them: Japan Standard Time (UTC+9, no daylight saving) and the 和暦 era
 * name. Pure; the API keeps ISO 8601 in UTC and adds these strings only where a person reads a report directly.
 */

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** The eras in use since 1926, newest first, each with its first day (JST). */
const ERAS = [
  { name: '令和', start: [2019, 5, 1] },
  { name: '平成', start: [1989, 1, 8] },
  { name: '昭和', start: [1926, 12, 25] },
] as const;

/** A moment's calendar date and clock time in JST. */
export interface JstParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

function instantOf(at: Date | string): Date {
  const date = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a time: ${String(at)}`);
  return date;
}

/** The date and time in JST of an instant (a Date, or an ISO 8601 text with its offset). */
export function jstParts(at: Date | string): JstParts {
  const shifted = new Date(instantOf(at).getTime() + JST_OFFSET_MS);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate(), hour: shifted.getUTCHours(), minute: shifted.getUTCMinutes() };
}

/** The JST calendar date of an instant as `YYYY-MM-DD`. */
export function jstDate(at: Date | string): string {
  const { year, month, day } = jstParts(at);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The 和暦 of a calendar date: 2019-05-01 → 令和元年5月1日, 2019-04-30 → 平成31年4月30日 (元年 for the first year). */
export function warekiDate(year: number, month: number, day: number): string {
  const key = year * 10000 + month * 100 + day;
  const era = ERAS.find(({ start: [y, m, d] }) => key >= y * 10000 + m * 100 + d);
  if (!era) throw new RangeError(`warekiDate: before 昭和: ${year}-${month}-${day}`);
  const number = year - era.start[0] + 1;
  return `${era.name}${number === 1 ? '元' : number}年${month}月${day}日`;
}

/** A calendar date `YYYY-MM-DD` in 和暦: '2025-03-31' → 令和7年3月31日. */
export function warekiOfIsoDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`warekiOfIsoDate: not YYYY-MM-DD: ${date}`);
  return warekiDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** An instant as offices write it: 「令和7年3月31日 15:00（JST）」. */
export function formatJstWareki(at: Date | string): string {
  const { year, month, day, hour, minute } = jstParts(at);
  return `${warekiDate(year, month, day)} ${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}（JST）`;
}

/** Whether a text is a real calendar date written `YYYY-MM-DD` (2025-02-30 is not). */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.getUTCFullYear() === Number(match[1]) && date.getUTCMonth() + 1 === Number(match[2]) && date.getUTCDate() === Number(match[3]);
}
