import fc from 'fast-check';
import iconv from 'iconv-lite';
import { CsvRejected } from '../csv/csv-file';
import { withCheckDigit } from '../recipients/local-government-code';
import { parseRegisterCsv } from './register-csv';

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const issuesOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CsvRejected);
    return (error as CsvRejected).issues;
  }
  throw new Error('expected the file to be refused');
};

describe('register CSV', () => {
  const text = '保険者番号,保険者名,第1号被保険者数\n242055,桑名市,"37,512"\n011002,札幌市,５１２０００\n';

  it('reads a 広域連合 (区分) and its members (広域連合コード), with each insurer’s line', () => {
    const union = '保険者番号,保険者名,第1号被保険者数,区分,広域連合コード\n249017,鈴鹿亀山地区広域連合,64037,広域連合,\n242071,鈴鹿市,50235,,249017\n242055,桑名市,37916,,\n';
    const parsed = parseRegisterCsv(utf8(union));
    expect(parsed.insurers).toEqual([
      { code: '249017', name: '鈴鹿亀山地区広域連合', prefectureCode: '24', category1InsuredPersons: 64037, isUnion: true },
      { code: '242071', name: '鈴鹿市', prefectureCode: '24', category1InsuredPersons: 50235, unionCode: '249017' },
      { code: '242055', name: '桑名市', prefectureCode: '24', category1InsuredPersons: 37916 },
    ]);
    expect(parsed.lines).toEqual([2, 3, 4]);
    const bad = '保険者番号,保険者名,第1号被保険者数,区分,広域連合コード\n249017,連合,1,組合,\n242071,鈴鹿市,1,,24901\n';
    expect(issuesOf(() => parseRegisterCsv(utf8(bad))).map((i) => [i.line, i.column, i.code])).toEqual([
      [2, '区分', 'CSV.INVALID_KIND'],
      [3, '広域連合コード', 'CSV.INVALID_CODE'],
    ]);
  });

  it('reads UTF-8, UTF-8 with BOM and Shift_JIS (CP932) alike, with thousands separators and full-width digits', () => {
    const expected = [
      { code: '242055', name: '桑名市', prefectureCode: '24', category1InsuredPersons: 37512 },
      { code: '011002', name: '札幌市', prefectureCode: '01', category1InsuredPersons: 512000 },
    ];
    expect(parseRegisterCsv(utf8(text)).insurers).toEqual(expected);
    expect(parseRegisterCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(text)])).insurers).toEqual(expected);
    const sjis = parseRegisterCsv(iconv.encode(text, 'cp932'));
    expect(sjis).toMatchObject({ insurers: expected, encoding: 'shift_jis' });
  });

  it('accepts English headers too', () => {
    expect(parseRegisterCsv(utf8('code,name,category1InsuredPersons\n242055,Kuwana,1\n')).insurers).toHaveLength(1);
  });

  it('reports every bad cell by physical line and column, and stores nothing', () => {
    const bad = [
      '保険者番号,保険者名,第1号被保険者数',
      '242056,桑名市,10', // check digit
      '242055,"=HYPERLINK(""http://x"")",10', // formula
      '12345,短い,10', // not 6 digits
      '011002,"札幌市',
      '（改行を含む名前）",-3', // a quoted field over two lines (a name may not hold a line break), then a negative count
      '130001,東京都,abc', // not a number
      '242055,桑名市,5', // duplicate of line 3
    ].join('\n');
    const issues = issuesOf(() => parseRegisterCsv(utf8(bad)));
    expect(issues.map((i) => [i.line, i.column, i.code])).toEqual([
      [2, '保険者番号', 'CSV.CHECK_DIGIT'],
      [3, '保険者名', 'CSV.FORMULA'],
      [4, '保険者番号', 'CSV.INVALID_CODE'],
      [5, '保険者名', 'VALIDATION.FORBIDDEN_CHARACTERS'],
      [5, '第1号被保険者数', 'CSV.NEGATIVE'],
      [7, '第1号被保険者数', 'CSV.NOT_A_NUMBER'],
      [8, '保険者番号', 'CSV.DUPLICATE_CODE'],
    ]);
  });

  it.each([
    ['a missing column', '保険者番号,保険者名\n242055,桑名市\n', 'CSV.MISSING_COLUMN'],
    ['an unknown column', '保険者番号,保険者名,第1号被保険者数,備考X\n242055,桑名市,1,x\n', 'CSV.UNKNOWN_COLUMN'],
    ['extra fields in a row', '保険者番号,保険者名,第1号被保険者数\n242055,桑名市,1,2\n', 'CSV.EXTRA_FIELDS'],
    ['an empty file', '', 'CSV.EMPTY'],
    ['a binary file', '\u0000\u0001', 'CSV.BINARY'],
  ])('refuses %s', (_label, content, code) => {
    expect(issuesOf(() => parseRegisterCsv(utf8(content)))[0].code).toBe(code);
  });

  it('refuses more rows than the limit and Shift_JIS bytes declared as UTF-8', () => {
    const many = ['保険者番号,保険者名,第1号被保険者数', ...Array.from({ length: 5001 }, () => '242055,桑名市,1')].join('\n');
    expect(issuesOf(() => parseRegisterCsv(utf8(many))).map((i) => i.code)).toContain('CSV.TOO_MANY_ROWS');
    expect(issuesOf(() => parseRegisterCsv(iconv.encode(text, 'cp932'), 'utf-8'))[0].code).toBe('CSV.ENCODING');
  });

  it('round-trips any valid register through a CSV writer in both encodings', () => {
    const insurer = fc.record({
      first5: fc.stringMatching(/^(0[1-9]|[1-3]\d|4[0-7])\d{3}$/),
      // Characters of JIS X 0208, which CP932 can encode.
      name: fc.array(fc.constantFrom(...'市町村区桑名札幌東京大阪都府県道ぁあいうえおかがきぎくアイウエオカガキ'.split('')), { minLength: 1, maxLength: 12 }).map((c) => c.join('')),
      persons: fc.nat({ max: 2_000_000 }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(insurer, { selector: (i) => i.first5, minLength: 1, maxLength: 30 }), fc.boolean(), (rows, sjis) => {
        const csv = ['保険者番号,保険者名,第1号被保険者数', ...rows.map((r) => `${withCheckDigit(r.first5)},${r.name},${r.persons}`)].join('\r\n');
        const parsed = parseRegisterCsv(sjis ? iconv.encode(csv, 'cp932') : utf8(csv));
        expect(parsed.insurers.map((i) => [i.code, i.name, i.category1InsuredPersons])).toEqual(rows.map((r) => [withCheckDigit(r.first5), r.name, r.persons]));
      }),
      { numRuns: 200 },
    );
  });
});
