import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { DomainError } from '../domain-error';

export type CsvEncoding = 'utf-8' | 'shift_jis';

/** One problem of an uploaded file, where a person can find it: physical line (header = 1) and column. */
export interface CsvIssue {
  readonly line: number;
  readonly column: string;
  readonly code: string;
  readonly message: string;
}

/**
 * The whole file is refused (all or nothing); `details` lists every issue found. HTTP 400: CSV.INVALID, or a limit
 * of the file (CSV.TOO_MANY_ROWS, CSV.TOO_MANY_COLUMNS, CSV.RECORD_TOO_LONG) reached while reading, which stops there.
 */
export class CsvRejected extends DomainError {
  constructor(
    readonly issues: readonly CsvIssue[],
    limit?: { readonly code: string; readonly messageJa: string; readonly messageEn: string },
  ) {
    const first = issues[0];
    super(
      'invalid',
      limit?.code ?? 'CSV.INVALID',
      limit
        ? `${limit.messageJa}ファイルはそこで読むのをやめ、何も保存していません。`
        : `CSV に ${issues.length} 件の誤りがあります（最初: ${first.line} 行目「${first.column}」: ${first.message}）。ファイルを修正して再度アップロードしてください。`,
      limit ? `${limit.messageEn} Reading stopped there; nothing was stored.` : `The CSV has ${issues.length} problem(s); the first is at line ${first.line}, column "${first.column}". Nothing was stored.`,
      undefined,
      issues.slice(0, 1000),
    );
  }

  /** A limit of the file reached while reading it (line 0: the file as a whole). */
  static limitReached(code: string, messageJa: string, messageEn: string, line = 0): CsvRejected {
    return new CsvRejected([{ line, column: '', code, message: `${messageJa} ${messageEn}` }], { code, messageJa, messageEn });
  }
}

/** Limits of an upload, enforced while it is read so that a hostile file costs no more than a legitimate one. */
export const CSV_LIMITS = {
  bytes: 20 * 1024 * 1024,
  /** Columns of the header or any row: a wide national figures file has one per numeric indicator (~60). */
  columns: 256,
  /** Characters of one record's fields. */
  recordCharacters: 64 * 1024,
  /** Bytes of one line, delimiters included (so that a line of commas alone cannot make a million empty fields). */
  lineBytes: 256 * 1024,
} as const;

export function tooManyRows(maxRows: number, line = 0): CsvRejected {
  return CsvRejected.limitReached('CSV.TOO_MANY_ROWS', `行数が上限（${maxRows} 行）を超えています。`, `The file has more than ${maxRows} rows.`, line);
}

export function tooManyColumns(maxColumns: number, line: number): CsvRejected {
  return CsvRejected.limitReached('CSV.TOO_MANY_COLUMNS', `${line} 行目の列数が上限（${maxColumns} 列）を超えています。`, `Line ${line} has more than ${maxColumns} columns.`, line);
}

export interface CsvRow {
  /** Physical line of the row's first character (header = line 1). */
  readonly line: number;
  readonly cells: Readonly<Record<string, string>>;
}

export interface CsvTable {
  readonly encoding: CsvEncoding;
  readonly sha256: string;
  readonly header: readonly string[];
  readonly rows: readonly CsvRow[];
}

/** A record as csv-parse returns it with `info` and `raw`: its fields, the line it ends on and its source text. */
interface ParsedRecord {
  readonly record: string[];
  readonly info: { readonly lines: number };
  readonly raw: string;
}

function isParsedRecord(value: unknown): value is ParsedRecord {
  return (
    typeof value === 'object' &&
    value !== null &&
    'record' in value &&
    Array.isArray(value.record) &&
    value.record.every((field: unknown) => typeof field === 'string') &&
    'raw' in value &&
    typeof value.raw === 'string' &&
    'info' in value &&
    typeof value.info === 'object' &&
    value.info !== null &&
    'lines' in value.info &&
    typeof value.info.lines === 'number'
  );
}

export interface ReadCsvOptions {
  readonly encoding?: CsvEncoding | 'auto';
  readonly maxRows?: number;
  readonly maxBytes?: number;
  readonly maxColumns?: number;
  /** Header names a column may carry (Japanese first), by the key the caller uses. */
  readonly columns: Readonly<Record<string, readonly string[]>>;
  readonly required: readonly string[];
}

/** Thrown from csv-parse's record callback to stop reading at a limit. */
class StopReading extends Error {
  constructor(readonly rejection: CsvRejected) {
    super(rejection.message);
  }
}

/**
 * Decodes (UTF-8 with or without BOM, or Shift_JIS/CP932 as Japanese offices export it) and parses a CSV upload,
 * mapping Japanese or English headers to column keys. Structural problems are collected, not thrown one by one.
 * The limits (rows, columns, characters of a record) are checked record by record while parsing, which stops at the
 * first one reached: a file of millions of rows is read no further than one row past the limit.
 */
export function readCsv(bytes: Buffer, options: ReadCsvOptions): CsvTable {
  const maxBytes = options.maxBytes ?? CSV_LIMITS.bytes;
  const maxRows = options.maxRows ?? 5000;
  const maxColumns = options.maxColumns ?? CSV_LIMITS.columns;
  if (bytes.length > maxBytes) throw new CsvRejected([{ line: 0, column: '', code: 'CSV.TOO_LARGE', message: `ファイルが大きすぎます（上限 ${maxBytes} バイト）。 The file exceeds ${maxBytes} bytes.` }]);
  if (bytes.length === 0) throw new CsvRejected([{ line: 1, column: '', code: 'CSV.EMPTY', message: 'ファイルが空です。 The file is empty.' }]);
  if (bytes.includes(0)) throw new CsvRejected([{ line: 1, column: '', code: 'CSV.BINARY', message: 'CSV ではないファイルです（NUL を含む）。 Not a text file.' }]);
  const longLine = firstLineLongerThan(bytes, CSV_LIMITS.lineBytes);
  if (longLine !== undefined) {
    throw CsvRejected.limitReached(
      'CSV.RECORD_TOO_LONG',
      `${longLine} 行目が長すぎます（上限 ${CSV_LIMITS.lineBytes} バイト）。`,
      `Line ${longLine} is longer than ${CSV_LIMITS.lineBytes} bytes.`,
      longLine,
    );
  }
  const decoded = decode(bytes, options.encoding ?? 'auto');
  const encoding = decoded.encoding;
  // One kind of line break, so that line numbers count CRLF, CR and LF alike (also inside quoted cells).
  const text = decoded.text.replace(/\r\n?/g, '\n');
  let records: ParsedRecord[];
  try {
    // With `info` and `raw`, csv-parse returns { record, info, raw } objects, which its typings do not describe.
    const parsed: unknown[] = parse(text, {
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      raw: true,
      bom: true,
      max_record_size: CSV_LIMITS.recordCharacters,
      // Typed as the bare record; with `info` and `raw` it is the { record, info, raw } object, passed on as it is.
      on_record: (record, context) => {
        // context.records counts the header: the limit is reached at the header plus maxRows + 1 rows.
        if (context.records > maxRows + 1) throw new StopReading(tooManyRows(maxRows, context.lines));
        const fields: unknown = record;
        if (isParsedRecord(fields) && fields.record.length > maxColumns) throw new StopReading(tooManyColumns(maxColumns, context.lines));
        return record;
      },
    });
    if (!parsed.every(isParsedRecord)) throw new Error('unexpected csv-parse output');
    records = parsed;
  } catch (error) {
    if (error instanceof StopReading) throw error.rejection;
    const line = Number((error as { lines?: number }).lines ?? 1);
    if ((error as { code?: string }).code === 'CSV_MAX_RECORD_SIZE') {
      throw CsvRejected.limitReached(
        'CSV.RECORD_TOO_LONG',
        `${line} 行目の行が長すぎます（上限 ${CSV_LIMITS.recordCharacters} 文字）。`,
        `The record at line ${line} is longer than ${CSV_LIMITS.recordCharacters} characters.`,
        line,
      );
    }
    throw new CsvRejected([{ line, column: '', code: 'CSV.MALFORMED', message: `CSV の形式が不正です: ${(error as Error).message}` }]);
  }
  if (records.length === 0) throw new CsvRejected([{ line: 1, column: '', code: 'CSV.EMPTY', message: 'ファイルが空です。 The file is empty.' }]);
  const issues: CsvIssue[] = [];
  const header = records[0].record.map((name) => name.normalize('NFKC').trim());
  const keyOf = new Map<number, string>();
  header.forEach((name, index) => {
    const key = Object.entries(options.columns).find(([, names]) => names.includes(name))?.[0];
    if (key === undefined) issues.push({ line: 1, column: name, code: 'CSV.UNKNOWN_COLUMN', message: `不明な列「${name}」です。 Unknown column "${name}".` });
    else keyOf.set(index, key);
  });
  for (const key of options.required) {
    if (![...keyOf.values()].includes(key)) {
      issues.push({ line: 1, column: options.columns[key][0], code: 'CSV.MISSING_COLUMN', message: `必須の列「${options.columns[key][0]}」がありません。 Required column missing.` });
    }
  }
  if (issues.length > 0) throw new CsvRejected(issues);
  const rows: CsvRow[] = [];
  for (const { record, info, raw } of records.slice(1)) {
    // info.lines is the line the record ends on; a quoted field may span several lines.
    // Skipped empty lines before it are part of `raw`, and so is the record's own line break.
    const line = info.lines - (raw.replace(/^\n+/, '').replace(/\n$/, '').match(/\n/g)?.length ?? 0);
    if (record.length > header.length) {
      issues.push({ line, column: '', code: 'CSV.EXTRA_FIELDS', message: `列が多すぎます（${record.length} 列、見出しは ${header.length} 列）。 Too many fields.` });
      continue;
    }
    const cells: Record<string, string> = {};
    record.forEach((value, index) => {
      const key = keyOf.get(index);
      if (key !== undefined) cells[key] = value.trim();
    });
    rows.push({ line, cells });
  }
  if (issues.length > 0) throw new CsvRejected(issues);
  return { encoding, sha256: createHash('sha256').update(bytes).digest('hex'), header, rows };
}

/**
 * The first physical line (1-based; CRLF, CR and LF breaks, as line numbers count them) longer than `max` bytes.
 * Linear: each break is found once by a native byte search.
 */
function firstLineLongerThan(bytes: Buffer, max: number): number | undefined {
  let nextLf = bytes.indexOf(0x0a);
  let nextCr = bytes.indexOf(0x0d);
  let start = 0;
  let line = 1;
  for (;;) {
    if (nextLf !== -1 && nextLf < start) nextLf = bytes.indexOf(0x0a, start);
    if (nextCr !== -1 && nextCr < start) nextCr = bytes.indexOf(0x0d, start);
    const end = Math.min(nextLf === -1 ? bytes.length : nextLf, nextCr === -1 ? bytes.length : nextCr);
    if (end - start > max) return line;
    if (end >= bytes.length) return undefined;
    start = bytes[end] === 0x0d && bytes[end + 1] === 0x0a ? end + 2 : end + 1;
    line += 1;
  }
}

function decode(bytes: Buffer, requested: CsvEncoding | 'auto'): { text: string; encoding: CsvEncoding } {
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (requested === 'shift_jis' && !hasBom) return { text: decodeShiftJis(bytes), encoding: 'shift_jis' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    if (requested === 'utf-8') {
      throw new CsvRejected([{ line: 1, column: '', code: 'CSV.ENCODING', message: 'UTF-8 として読めません。Shift_JIS の場合は encoding=shift_jis を指定してください。 Not valid UTF-8.' }]);
    }
    return { text: decodeShiftJis(bytes), encoding: 'shift_jis' };
  }
}

/** Shift_JIS (CP932); a byte sequence that is not a character is refused with its line, never turned into '�'. */
function decodeShiftJis(bytes: Buffer): string {
  const text = iconv.decode(bytes, 'cp932');
  const bad = text.indexOf('\uFFFD');
  if (bad >= 0) {
    const line = (text.slice(0, bad).match(/\r\n?|\n/g)?.length ?? 0) + 1;
    throw new CsvRejected([
      {
        line,
        column: '',
        code: 'CSV.ENCODING',
        message: `${line} 行目に UTF-8 でも Shift_JIS でもない文字があります。文字コードを確認して保存し直してください。 Line ${line} holds bytes that are neither UTF-8 nor Shift_JIS.`,
      },
    ]);
  }
  return text;
}

/**
 * A 保険者番号 or 都道府県コード as spreadsheets keep it: full-width digits accepted; a leading zero lost to a number cell
 * restored (北海道's 011002 kept by Excel as 11002, a prefecture's 01 as 1). No code has five digits or one.
 */
export function normaliseCode(text: string): string {
  const code = text.normalize('NFKC').trim();
  return /^\d{5}$/.test(code) || /^\d$/.test(code) ? `0${code}` : code;
}

/** Integers as offices type them: full-width digits and thousands separators accepted. */
export function parseCount(value: string): number | undefined {
  const normalized = value.normalize('NFKC').replace(/,/g, '').trim();
  return /^\d{1,12}$/.test(normalized) ? Number(normalized) : undefined;
}
