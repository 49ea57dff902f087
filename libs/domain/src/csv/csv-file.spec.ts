import fc from 'fast-check';
import iconv from 'iconv-lite';
import { CSV_LIMITS, CsvRejected, readCsv } from './csv-file';

const options = { columns: { code: ['保険者番号', 'code'], name: ['名称', 'name'] }, required: ['code'] };

function rejected(run: () => unknown): CsvRejected {
  try {
    run();
  } catch (error) {
    if (error instanceof CsvRejected) return error;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

describe('readCsv', () => {
  it('numbers rows by the physical line they start on, whatever the line breaks, also inside quoted cells', () => {
    const text = '保険者番号,名称\r\n1,"x\r\ny"\r\n\r\n2,z\r\n3,"p\r\nq\rr"\n4,w\r\n5,"a\nb"';
    const table = readCsv(Buffer.from(text), options);
    expect(table.rows.map((row) => [row.line, row.cells.code])).toEqual([
      [2, '1'],
      [5, '2'],
      [6, '3'],
      [9, '4'],
      [10, '5'],
    ]);
  });

  it('property: the line reported for a row is the line where its code is typed', () => {
    const cell = fc.array(fc.constantFrom('a', 'あ', ' ', '\n', '\r\n', '\r', '""', ','), { maxLength: 6 }).map((parts) => parts.join(''));
    const breaks = fc.constantFrom('\n', '\r\n', '\r');
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, breaks, fc.boolean()), { minLength: 1, maxLength: 20 }), (rows) => {
        let text = `code,name${rows[0][1]}`;
        rows.forEach(([name, lineBreak, blankBefore], index) => {
          if (blankBefore) text += lineBreak;
          text += `C${index},"${name.replace(/"/g, '""')}"${lineBreak}`;
        });
        const table = readCsv(Buffer.from(text), options);
        const physical = text.split(/\r\n|\r|\n/);
        expect(table.rows).toHaveLength(rows.length);
        for (const row of table.rows) {
          expect(physical[row.line - 1].startsWith(`${row.cells.code},`)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses bytes that are not Shift_JIS with the line they are on, instead of storing a replacement character', () => {
    const bytes = Buffer.concat([iconv.encode('保険者番号,名称\r\n1,あ\r\n', 'cp932'), Buffer.from([0x32, 0x2c, 0x85, 0x20, 0x0d, 0x0a])]);
    for (const encoding of ['shift_jis', 'auto'] as const) {
      const error = rejected(() => readCsv(bytes, { ...options, encoding }));
      expect(error.issues[0]).toMatchObject({ line: 3, code: 'CSV.ENCODING' });
    }
  });

  it('reads valid Shift_JIS, including characters of the CP932 extensions', () => {
    const table = readCsv(iconv.encode('保険者番号,名称\r\n011002,髙橋①\r\n', 'cp932'), options);
    expect(table.encoding).toBe('shift_jis');
    expect(table.rows[0].cells).toEqual({ code: '011002', name: '髙橋①' });
  });

  describe('limits, enforced while reading', () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => `${i},x`).join('\n');

    it('reads exactly the row limit, and stops one row past it with 400 CSV.TOO_MANY_ROWS naming the limit', () => {
      expect(readCsv(Buffer.from(`code,name\n${rows(10)}`), { ...options, maxRows: 10 }).rows).toHaveLength(10);
      // What follows the limit is never parsed: an unclosed quote there is not reported.
      const error = rejected(() => readCsv(Buffer.from(`code,name\n${rows(11)}\n"never closed,`), { ...options, maxRows: 10 }));
      expect([error.code, error.issues[0].code, error.issues[0].line]).toEqual(['CSV.TOO_MANY_ROWS', 'CSV.TOO_MANY_ROWS', 12]);
      expect(error.message).toMatch(/行数が上限（10 行）.*more than 10 rows/);
    });

    it('refuses more columns than the limit in the header or any row', () => {
      const wide = Array.from({ length: CSV_LIMITS.columns + 1 }, () => 'x').join(',');
      expect(rejected(() => readCsv(Buffer.from(`${wide}\n1,2\n`), options)).code).toBe('CSV.TOO_MANY_COLUMNS');
      const error = rejected(() => readCsv(Buffer.from(`code,name\n1,2\n${wide}\n`), options));
      expect([error.code, error.issues[0].line]).toEqual(['CSV.TOO_MANY_COLUMNS', 3]);
    });

    it('refuses a line longer than the limit before decoding it (a line of commas alone), and an over-long quoted record', () => {
      const commas = Buffer.concat([Buffer.from('code,name\n1,x\r\n'), Buffer.alloc(CSV_LIMITS.lineBytes + 1, 0x2c)]);
      const error = rejected(() => readCsv(commas, options));
      expect([error.code, error.issues[0].line]).toEqual(['CSV.RECORD_TOO_LONG', 3]);
      const quoted = `code,name\n1,"${'あ\n'.repeat(CSV_LIMITS.recordCharacters / 2 + 1)}"\n`;
      expect(rejected(() => readCsv(Buffer.from(quoted), options)).code).toBe('CSV.RECORD_TOO_LONG');
    });
  });
});
