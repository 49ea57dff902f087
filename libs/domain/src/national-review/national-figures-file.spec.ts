import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { CsvRejected } from '../csv/csv-file';
import { parseNationalFiguresFile } from './national-figures-file';

const insurers = new Set(['242055', '242021', '011002']);
const scope = {
  indicators: new Map<string, ReadonlySet<string>>([
    ['suishin-I-ii-1', insurers],
    ['suishin-IV-outcome-1', insurers],
    ['pref-suishin-I-ii-1', new Set(['01', '24'])],
  ]),
};
const utf8 = (text: string) => Buffer.from(text, 'utf8');

async function xlsx(rows: (string | number | null)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('figures');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function issuesOf(bytes: Buffer): Promise<[number, string, string][]> {
  try {
    await parseNationalFiguresFile(bytes, scope);
  } catch (error) {
    if (!(error instanceof CsvRejected)) throw error;
    return error.issues.map((issue) => [issue.line, issue.column, issue.code]);
  }
  throw new Error('expected a refusal');
}

describe('national figures by file', () => {
  it('reads the long layout (保険者番号, 指標ID, 数値) in UTF-8 or Shift_JIS, empty figures as unknown', async () => {
    const text = '保険者番号,保険者名,指標ID,数値\r\n242055,桑名市,suishin-I-ii-1,"1,234.5"\r\n242021,四日市市,suishin-I-ii-1,\r\n242055,桑名市,suishin-IV-outcome-1,-0.25\r\n24,三重県,pref-suishin-I-ii-1,７\r\n';
    for (const bytes of [utf8(text), iconv.encode(text, 'cp932')]) {
      const file = await parseNationalFiguresFile(bytes, scope);
      expect(file).toMatchObject({ format: 'csv', layout: 'long', rows: 4 });
      expect([...file.figuresByIndicator.entries()]).toEqual([
        ['suishin-I-ii-1', [{ code: '242055', value: 1234.5 }, { code: '242021', value: null }]],
        ['suishin-IV-outcome-1', [{ code: '242055', value: -0.25 }]],
        ['pref-suishin-I-ii-1', [{ code: '24', value: 7 }]],
      ]);
    }
    expect((await parseNationalFiguresFile(iconv.encode(text, 'cp932'), scope)).encoding).toBe('shift_jis');
  });

  it('reads the wide layout: one column per indicator, an empty cell of an indicator the code is not measured for skipped', async () => {
    const file = await parseNationalFiguresFile(utf8('コード,suishin-I-ii-1,pref-suishin-I-ii-1\n242055,12,\n011002,3e1,\n01,,4\n'), scope);
    expect(file.layout).toBe('wide');
    expect(Object.fromEntries(file.figuresByIndicator)).toEqual({
      'suishin-I-ii-1': [{ code: '242055', value: 12 }, { code: '011002', value: 30 }],
      'pref-suishin-I-ii-1': [{ code: '01', value: 4 }],
    });
  });

  it('reads XLSX, numbers as numbers and codes whose leading zero a number cell lost', async () => {
    const bytes = await xlsx([['保険者番号', '指標ID', '数値'], [242055, 'suishin-I-ii-1', 0.125], [11002, 'suishin-I-ii-1', '42'], [1, 'pref-suishin-I-ii-1', { formula: '1+1', result: 2 } as never]]);
    const file = await parseNationalFiguresFile(bytes, scope);
    expect(file).toMatchObject({ format: 'xlsx', encoding: 'xlsx', layout: 'long', rows: 3 });
    expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.fromEntries(file.figuresByIndicator)).toEqual({
      'suishin-I-ii-1': [{ code: '242055', value: 0.125 }, { code: '011002', value: 42 }],
      'pref-suishin-I-ii-1': [{ code: '01', value: 2 }],
    });
  });

  it('refuses bad codes, unknown indicators, duplicates and non-numbers, each by line and column', async () => {
    const text = [
      '保険者番号,指標ID,数値',
      '24205X,suishin-I-ii-1,1', // not a code
      '999999,suishin-I-ii-1,1', // not registered
      '242055,suishin-I-i-1,1', // a self-assessed indicator
      '242055,suishin-I-ii-1,1',
      '242055,suishin-I-ii-1,2', // duplicate
      '242021,suishin-I-ii-1,たくさん', // not a number
      '242021,suishin-IV-outcome-1,12%', // not a plain number
    ].join('\n');
    expect(await issuesOf(utf8(text))).toEqual([
      [2, '保険者番号', 'CSV.INVALID_CODE'],
      [3, '保険者番号', 'CSV.UNKNOWN_CODE'],
      [4, '指標ID', 'CSV.UNKNOWN_INDICATOR'],
      [6, '保険者番号', 'CSV.DUPLICATE_CODE'],
      [7, '数値', 'CSV.NOT_A_NUMBER'],
      [8, '数値', 'CSV.NOT_A_NUMBER'],
    ]);
  });

  it('names the indicator column of a bad cell in the wide layout and the sheet row in XLSX', async () => {
    expect(await issuesOf(utf8('保険者番号,suishin-I-ii-1,suishin-IV-outcome-1\n242055,1,x\n242055,2,3\n'))).toEqual([
      [2, 'suishin-IV-outcome-1', 'CSV.NOT_A_NUMBER'],
      [3, '保険者番号', 'CSV.DUPLICATE_CODE'],
      [3, '保険者番号', 'CSV.DUPLICATE_CODE'],
    ]);
    expect(await issuesOf(await xlsx([['保険者番号', 'suishin-I-ii-1'], [242055, 1], [null, null], [242021, 'abc']]))).toEqual([[4, 'suishin-I-ii-1', 'CSV.NOT_A_NUMBER']]);
  });

  it('refuses an unknown indicator column, a missing 数値 column, mixed layouts and empty files', async () => {
    expect(await issuesOf(utf8('保険者番号,suishin-I-i-1\n242055,1\n'))).toEqual([
      [1, 'suishin-I-i-1', 'CSV.UNKNOWN_COLUMN'],
    ]);
    expect(await issuesOf(utf8('保険者番号,指標ID\n242055,suishin-I-ii-1\n'))).toEqual([[1, '数値', 'CSV.MISSING_COLUMN']]);
    expect(await issuesOf(utf8('保険者番号,指標ID,数値,suishin-I-ii-1\n242055,suishin-I-ii-1,1,2\n'))).toEqual([[1, 'suishin-I-ii-1', 'CSV.MIXED_LAYOUT']]);
    expect(await issuesOf(utf8('保険者番号\n242055\n'))).toEqual([[1, '指標ID', 'CSV.MISSING_COLUMN']]);
    expect(await issuesOf(Buffer.alloc(0))).toEqual([[1, '', 'CSV.EMPTY']]);
    expect(await issuesOf(utf8('保険者番号,指標ID,数値\r\n'))).toEqual([[2, '保険者番号', 'CSV.EMPTY']]);
    expect(await issuesOf(await xlsx([]))).toEqual([[1, '', 'CSV.EMPTY']]);
    expect(await issuesOf(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00]))).toEqual([[1, '', 'XLSX.MALFORMED']]);
  });
});
