import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { csvBytes, csvRecord, csvText, looksLikeFormula, neutraliseFormula } from './csv-writer';

describe('the CSV writer', () => {
  it('neutralises formula-like text and leaves numbers and other text alone', () => {
    expect(neutraliseFormula("=cmd|' /C calc'!A0")).toBe("'=cmd|' /C calc'!A0");
    expect(neutraliseFormula('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutraliseFormula('+1+cmd')).toBe("'+1+cmd");
    expect(neutraliseFormula('\tx')).toBe("'\tx");
    expect(neutraliseFormula('-1500')).toBe('-1500');
    expect(neutraliseFormula('12.5')).toBe('12.5');
    expect(neutraliseFormula('桑名市')).toBe('桑名市');
    expect(looksLikeFormula('=HYPERLINK("http://x")')).toBe(true);
    expect(looksLikeFormula('-3')).toBe(false);
  });

  it('quotes cells holding quotes, commas or line breaks, and writes empty cells for null', () => {
    expect(csvRecord(['a,b', 'say "hi"', 'two\nlines', null, undefined, 42, 10n])).toBe('"a,b","say ""hi""","two\nlines",,,42,10');
    expect(csvRecord(['=HYPERLINK("http://evil","三重県")'])).toBe('"\'=HYPERLINK(""http://evil"",""三重県"")"');
  });

  it('ends every record with CRLF by default, LF on request, with a BOM when asked for', () => {
    expect(csvText([['a', 'b'], ['1', '2']])).toBe('a,b\r\n1,2\r\n');
    expect(csvText([['a'], ['1']], { lineBreak: 'lf', bom: true })).toBe('\uFEFFa\n1\n');
  });

  it('writes UTF-8 with a BOM or Shift_JIS (never with a BOM)', () => {
    const records = [['団体名'], ['桑名市']];
    expect([...csvBytes(records, { bom: true }).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const sjis = csvBytes(records, { encoding: 'shift_jis', bom: true });
    expect(iconv.decode(sjis, 'cp932')).toBe('団体名\r\n桑名市\r\n');
  });

  it('property: a CSV reader reads back every record, with formula-like text neutralised', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', '三', ',', '"', '\n', '\r', '=', '-', '+', '@', ' ', '1') });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }), (records) => {
        const read: string[][] = parse(csvText(records), { relax_column_count: true, record_delimiter: '\r\n' });
        expect(read).toEqual(records.map((record) => record.map(neutraliseFormula)));
      }),
    );
  });
});
