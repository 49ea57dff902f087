import iconv from 'iconv-lite';

/**
 * The one CSV writer (RFC 4180): every export of the service (交付額一覧, the audit diff, the CLI's tables) writes its
 * records through it, so quoting, line ends, the byte-order mark and the formula guard are the same everywhere.
 */

/** A cell: text is guarded against formulas and quoted where needed; numbers are written as they are; null is empty. */
export type CsvCell = string | number | bigint | null | undefined;

export interface CsvWriteOptions {
  /** Line ends: CRLF as RFC 4180 and Excel expect (the default), or LF. */
  readonly lineBreak?: 'crlf' | 'lf';
  /** A byte-order mark first, so that Excel reads UTF-8 as UTF-8 (never written in Shift_JIS). */
  readonly bom?: boolean;
}

const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/**
 * A text cell that a spreadsheet would run as a formula: it starts with =, +, -, @, tab or CR and is not a plain
 * number (`-1500` is an amount, `-1+cmd|…` is not). The one rule: uploads refuse such names, exports neutralise them.
 */
export function looksLikeFormula(value: string): boolean {
  return /^[=+\-@\t\r]/.test(value) && !PLAIN_NUMBER.test(value);
}

/** A formula-like text prefixed with an apostrophe, so that an exported cell can never execute (CSV injection). */
export function neutraliseFormula(text: string): string {
  return looksLikeFormula(text) ? `'${text}` : text;
}

function csvField(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell !== 'string') return cell.toString();
  const safe = neutraliseFormula(cell);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One record as a line of CSV, without its line end. */
export function csvRecord(cells: readonly CsvCell[]): string {
  return cells.map(csvField).join(',');
}

/** Records as CSV text: each record ends with the line break; a BOM (U+FEFF) first when asked for. */
export function csvText(records: readonly (readonly CsvCell[])[], options: CsvWriteOptions = {}): string {
  const lineBreak = options.lineBreak === 'lf' ? '\n' : '\r\n';
  return `${options.bom ? '\uFEFF' : ''}${records.map((record) => `${csvRecord(record)}${lineBreak}`).join('')}`;
}

/** Records as the bytes of a CSV file: UTF-8 (with a BOM when asked for), or Shift_JIS (CP932) as Japanese offices read it. */
export function csvBytes(records: readonly (readonly CsvCell[])[], options: CsvWriteOptions & { readonly encoding?: 'utf-8' | 'shift_jis' } = {}): Buffer {
  if (options.encoding === 'shift_jis') return iconv.encode(csvText(records, { ...options, bom: false }), 'cp932');
  return Buffer.from(csvText(records, options), 'utf8');
}
