import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { CSV_LIMITS, CsvIssue, CsvRejected, CsvRow, CsvTable, tooManyColumns, tooManyRows } from './csv-file';

/** A table read from an upload: a CSV as readCsv reads it, or the first sheet of a workbook. */
export interface UploadTable extends Omit<CsvTable, 'encoding'> {
  /** The CSV's encoding as read; 'xlsx' for a workbook. */
  readonly encoding: CsvTable['encoding'] | 'xlsx';
}

/** Zip files (XLSX) start with "PK\x03\x04". */
export function isXlsx(bytes: Buffer): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

export interface ReadXlsxOptions {
  /** Header names a column may carry (Japanese first), by the key the caller uses. */
  readonly columns: Readonly<Record<string, readonly string[]>>;
  readonly required: readonly string[];
  readonly maxRows: number;
}

const issueAt = (line: number, column: string, code: string, message: string): CsvIssue => ({ line, column, code, message });

/**
 * The first sheet of a workbook as header and rows, with the same column mapping and limits as the CSV reader. Lines
 * are the sheet's row numbers (header = its first non-empty row); wholly empty rows are skipped. The hash is the file's.
 */
export async function readXlsx(bytes: Buffer, options: ReadXlsxOptions): Promise<UploadTable> {
  const workbook = new ExcelJS.Workbook();
  try {
    // A copy as a plain ArrayBuffer, which is what the zip reader under ExcelJS takes.
    await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  } catch (error) {
    throw new CsvRejected([issueAt(1, '', 'XLSX.MALFORMED', `XLSX ファイルとして読めません: ${(error as Error).message} Not a readable XLSX file.`)]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.actualRowCount === 0) throw new CsvRejected([issueAt(1, '', 'CSV.EMPTY', 'ファイルが空です。 The file is empty.')]);
  if (sheet.actualRowCount - 1 > options.maxRows) throw tooManyRows(options.maxRows);
  if (sheet.actualColumnCount > CSV_LIMITS.columns) throw tooManyColumns(CSV_LIMITS.columns, 1);
  const grid: { line: number; values: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const values: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => (values[column - 1] = cellText(cell.value)));
    if (values.some((value) => value !== undefined && value.trim() !== '')) grid.push({ line, values: Array.from(values, (v) => v ?? '') });
  });
  if (grid.length === 0) throw new CsvRejected([issueAt(1, '', 'CSV.EMPTY', 'ファイルが空です。 The file is empty.')]);
  const [first, ...rest] = grid;
  const header = first.values.map((name) => name.normalize('NFKC').trim());
  const issues: CsvIssue[] = [];
  const keyOf = new Map<number, string>();
  header.forEach((name, index) => {
    if (name === '') return;
    const key = Object.entries(options.columns).find(([, names]) => names.includes(name))?.[0];
    if (key === undefined) issues.push(issueAt(first.line, name, 'CSV.UNKNOWN_COLUMN', `不明な列「${name}」です。 Unknown column "${name}".`));
    else keyOf.set(index, key);
  });
  for (const key of options.required) {
    if (![...keyOf.values()].includes(key)) issues.push(issueAt(first.line, options.columns[key][0], 'CSV.MISSING_COLUMN', `必須の列「${options.columns[key][0]}」がありません。 Required column missing.`));
  }
  if (issues.length > 0) throw new CsvRejected(issues);
  const rows: CsvRow[] = rest.map(({ line, values }) => {
    const cells: Record<string, string> = {};
    values.forEach((value, index) => {
      const key = keyOf.get(index);
      if (key !== undefined) cells[key] = value.trim();
    });
    return { line, cells };
  });
  return { header, rows, encoding: 'xlsx', sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** A cell's value as text: formulas by their cached result, rich text joined; numbers in full precision. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if ('result' in value) return value.result === undefined ? '' : cellText(value.result as ExcelJS.CellValue);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('text' in value) return String(value.text);
  if ('error' in value) return String(value.error);
  return '';
}
