import { CsvIssue, CsvRejected, normaliseCode, readCsv } from '../csv/csv-file';
import { isXlsx, readXlsx } from '../csv/xlsx-file';
import { NationalFigure } from '../scoring/percentile-bands';

/**
 * 国の数値 by file: the figures of numeric indicators for every insurer (or prefecture), as CSV (UTF-8 with or without
 * BOM, or Shift_JIS) or XLSX (the first sheet), in one of two layouts:
 * - long: 保険者番号 (or コード), 指標ID, 数値 — one row per insurer and indicator, for one indicator or many;
 * - wide: 保険者番号 (or コード) and one column per indicator, headed by its 指標ID — one row per insurer.
 * A 保険者名 (or 名称) column may be present and is not read. An empty 数値 records the figure as unknown (null).
 * All or nothing: every bad cell is reported by line (header = 1; in XLSX the sheet's row) and column.
 */

export type NationalFiguresFileFormat = 'csv' | 'xlsx';

export interface NationalFiguresFileScope {
  /** The numeric indicators a file may name, each with the codes it is measured for (insurers, or prefectures). */
  readonly indicators: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface NationalFiguresFile {
  readonly format: NationalFiguresFileFormat;
  /** The CSV's encoding as read; 'xlsx' for a workbook. */
  readonly encoding: string;
  readonly layout: 'long' | 'wide';
  readonly rows: number;
  readonly sha256: string;
  /** Figures by indicator id, in the order the file first names the indicators. */
  readonly figuresByIndicator: ReadonlyMap<string, readonly NationalFigure[]>;
}

const COLUMNS = {
  code: ['保険者番号', 'コード', '団体コード', '都道府県コード', 'code'],
  name: ['保険者名', '名称', '団体名', 'name'],
  indicatorId: ['指標ID', 'indicatorId'],
  value: ['数値', 'value'],
} as const;


interface Row {
  readonly line: number;
  readonly cells: Readonly<Record<string, string>>;
}

/** Parses and checks a whole national figures file (CSV or XLSX, told apart by its first bytes). */
export async function parseNationalFiguresFile(bytes: Buffer, scope: NationalFiguresFileScope, encoding: 'utf-8' | 'shift_jis' | 'auto' = 'auto'): Promise<NationalFiguresFile> {
  const columns: Record<string, readonly string[]> = { ...COLUMNS };
  for (const id of scope.indicators.keys()) columns[`indicator:${id}`] = [id];
  const options = { columns, required: ['code'], maxRows: 250_000 };
  const xlsx = isXlsx(bytes);
  const table = xlsx ? await readXlsx(bytes, options) : readCsv(bytes, { ...options, encoding });
  const header = table.header;
  const wideIds = [...scope.indicators.keys()].filter((id) => header.includes(id));
  const long = header.some((name) => COLUMNS.indicatorId.some((alias) => alias === name));
  const issues: CsvIssue[] = [];
  if (long && wideIds.length > 0) issues.push(fileIssue(1, wideIds[0], 'CSV.MIXED_LAYOUT', '指標ID 列と指標ごとの列は同時に使えません。 Use either an 指標ID column or one column per indicator, not both.'));
  if (long && !header.some((name) => COLUMNS.value.some((alias) => alias === name))) issues.push(fileIssue(1, '数値', 'CSV.MISSING_COLUMN', '必須の列「数値」がありません。 Required column missing.'));
  if (!long && wideIds.length === 0) issues.push(fileIssue(1, '指標ID', 'CSV.MISSING_COLUMN', '「指標ID」と「数値」の列、または指標ごとの列が必要です。 An 指標ID and a 数値 column, or one column per indicator, is required.'));
  if (table.rows.length === 0) issues.push(fileIssue(2, '保険者番号', 'CSV.EMPTY', '数値の行がありません。 The file holds no figures.'));
  if (issues.length > 0) throw new CsvRejected(issues);
  const figures = new Map<string, NationalFigure[]>();
  const firstLine = new Map<string, number>();
  const add = (row: Row, indicatorId: string, valueColumn: string, valueText: string, rowIssues: CsvIssue[]) => {
    const issue = (column: string, code: string, message: string) => rowIssues.push({ line: row.line, column, code, message });
    const code = normaliseCode(row.cells.code ?? '');
    const targets = scope.indicators.get(indicatorId);
    if (!targets) return issue('指標ID', 'CSV.UNKNOWN_INDICATOR', `指標「${indicatorId}」は国による数値評価の指標ではありません。 Not a numeric indicator of this year.`);
    const value = parseFigure(valueText);
    if (!targets.has(code)) {
      // In the wide layout an empty cell of an indicator the code is not measured for (a prefectural one) is no figure.
      if (valueText.trim() === '' && valueColumn !== '数値') return;
      return issue('保険者番号', 'CSV.UNKNOWN_CODE', `「${code}」は指標 ${indicatorId} の対象（登録保険者または都道府県）ではありません。 Not a registered insurer (or prefecture) of ${indicatorId}.`);
    }
    const key = `${indicatorId}/${code}`;
    const earlier = firstLine.get(key);
    if (earlier !== undefined) return issue('保険者番号', 'CSV.DUPLICATE_CODE', `${code} の ${indicatorId} は ${earlier} 行目と重複しています。 Duplicate of line ${earlier}.`);
    firstLine.set(key, row.line);
    if (value === undefined) return issue(valueColumn, 'CSV.NOT_A_NUMBER', `「${valueText}」は数値ではありません。 Not a number.`);
    figures.set(indicatorId, [...(figures.get(indicatorId) ?? []), { code, value }]);
  };
  for (const row of table.rows) {
    const rowIssues: CsvIssue[] = [];
    const code = normaliseCode(row.cells.code ?? '');
    if (!/^(\d{6}|\d{2})$/.test(code)) {
      issues.push({ line: row.line, column: '保険者番号', code: 'CSV.INVALID_CODE', message: `「${row.cells.code ?? ''}」は保険者番号（6桁）でも都道府県コード（2桁）でもありません。 Not a 6-digit insurer or 2-digit prefecture code.` });
      continue;
    }
    if (long) add(row, (row.cells.indicatorId ?? '').normalize('NFKC').trim(), '数値', row.cells.value ?? '', rowIssues);
    else for (const id of wideIds) add(row, id, id, row.cells[`indicator:${id}`] ?? '', rowIssues);
    issues.push(...rowIssues);
  }
  if (issues.length > 0) throw new CsvRejected(issues);
  return { format: xlsx ? 'xlsx' : 'csv', encoding: table.encoding, layout: long ? 'long' : 'wide', rows: table.rows.length, sha256: table.sha256, figuresByIndicator: figures };
}

function fileIssue(line: number, column: string, code: string, message: string): CsvIssue {
  return { line, column, code, message };
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A figure: a finite number (full-width digits and thousands separators accepted), or null for an empty cell. */
function parseFigure(text: string): number | null | undefined {
  const normalized = text.normalize('NFKC').replace(/,/g, '').trim();
  if (normalized === '') return null;
  if (!NUMBER.test(normalized)) return undefined;
  const value = Number(normalized);
  return Number.isFinite(value) ? value : undefined;
}

