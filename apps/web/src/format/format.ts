/**
 * The one place where the browser turns the API's values into what people read: 千円 with separators, JST times
 * with 和暦. It never computes an amount or a score: it only formats what the API answered (STYLE.md 28).
 */

const JST = 'Asia/Tokyo';

/** Yen (a decimal string of whole yen, as the API sends BigInt) → `12,345千円`, rounded down to the 千円 as 交付額一覧 shows. */
export function thousandYen(yen: string | null | undefined): string {
  if (yen === null || yen === undefined || !/^-?\d+$/.test(yen)) return '—';
  const value = BigInt(yen);
  const negative = value < 0n;
  const thousands = (negative ? -value : value) / 1000n;
  return `${negative ? '−' : ''}${thousands.toLocaleString('ja-JP')}千円`;
}

/** A 千円 figure as the API already gives it (`thousandYen` fields) → `12,345千円`. */
export function thousandYenFigure(thousands: string | number | null | undefined): string {
  if (thousands === null || thousands === undefined || thousands === '') return '—';
  const value = BigInt(String(thousands));
  return `${value < 0n ? '−' : ''}${(value < 0n ? -value : value).toLocaleString('ja-JP')}千円`;
}

const dateTime = new Intl.DateTimeFormat('ja-JP', { timeZone: JST, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
const eraDate = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { timeZone: JST, era: 'long', year: 'numeric', month: 'long', day: 'numeric' });

/** `2026/06/30 17:00` in JST. */
export function jstDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '—' : dateTime.format(date);
}

/** `令和8年6月30日 17:00（日本時間）`: deadlines as offices write them. */
export function warekiDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  const time = jstDateTime(iso).slice(-5);
  return `${eraDate.format(date)} ${time}`;
}

/** `FY2024` → `令和6年度（2024年度）`. */
export function fiscalYearLabel(fiscalYear: string): string {
  const year = Number(fiscalYear.slice(2));
  if (!Number.isInteger(year)) return fiscalYear;
  return year >= 2019 ? `令和${year - 2018 === 1 ? '元' : year - 2018}年度（${year}年度）` : `${year}年度`;
}

/**
 * The value of a `datetime-local` input, read as JST, → ISO 8601 with the +09:00 offset the API asks for.
 * `2026-07-14T17:00` → `2026-07-14T17:00:00+09:00`.
 */
export function jstInputToIso(local: string): string {
  return `${local.length === 16 ? `${local}:00` : local}+09:00`;
}

/** Now plus some days, as a `datetime-local` value in JST (the default reopening date of a 差戻し). */
export function jstInputInDays(days: number, now: Date = new Date()): string {
  const later = new Date(now.getTime() + days * 86_400_000);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: JST, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false })
      .formatToParts(later)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T17:00`;
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}、。「」（）]/u;

/**
 * The Japanese half of the API's `日本語。 English.` messages: the text up to the first break after 。 or a
 * closing bracket beyond which nothing is Japanese.
 */
export function japanese(message: string | undefined): string {
  if (!message) return '';
  const breaks = /(?<=[。）)」])\s+/g;
  for (let match = breaks.exec(message); match; match = breaks.exec(message)) {
    const rest = message.slice(match.index + match[0].length);
    if (rest !== '' && !CJK.test(rest)) return message.slice(0, match.index).trim();
  }
  return message.trim();
}

/** ISO 8601 instants inside an API message (`…期限（2026-12-30T08:34:12.977Z）前です`) → JST with 和暦. */
export function withJstTimes(text: string): string {
  return text.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g, (iso) => warekiDateTime(iso));
}
