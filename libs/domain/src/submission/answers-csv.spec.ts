import iconv from 'iconv-lite';
import { CsvRejected } from '../csv/csv-file';
import { FY2024_MUNICIPAL_FRAMEWORK } from '../framework/shipped-frameworks';
import { parseAnswersCsv } from './answers-csv';
import { selfAssessedIndicators } from './submission';

const scope = { prefectureCode: '24', registered: new Set(['242055', '242021', '011002']) };
const parse = (text: string, encode: (t: string) => Buffer = (t) => Buffer.from(t, 'utf8')) => parseAnswersCsv(encode(text), FY2024_MUNICIPAL_FRAMEWORK, scope);

describe('bulk answers CSV', () => {
  it('reads yes/no and choice answers per insurer, in UTF-8 or Shift_JIS', () => {
    const text = '保険者番号,指標ID,回答,備考\n242055,suishin-I-i-1,はい,\n242055,suishin-I-i-2,a,根拠あり\n242021,suishin-I-i-1,×,\n';
    for (const encode of [(t: string): Buffer => Buffer.from(t, 'utf8'), (t: string): Buffer => iconv.encode(t, 'cp932')]) {
      const parsed = parse(text, encode);
      expect(parsed.rows).toBe(3);
      expect(parsed.answersByInsurer.get('242055')).toEqual({
        'suishin-I-i-1': { answerType: 'yes_no', yes: true },
        'suishin-I-i-2': { answerType: 'choice', optionIds: ['a'] },
      });
      expect(parsed.answersByInsurer.get('242021')).toEqual({ 'suishin-I-i-1': { answerType: 'yes_no', yes: false } });
    }
  });

  it('reads every prefecture’s insurers when the scope names no prefecture (the CLI’s score)', () => {
    const text = '保険者番号,指標ID,回答\n011002,suishin-I-i-1,はい\n242055,suishin-I-i-1,いいえ\n';
    const parsed = parseAnswersCsv(Buffer.from(text, 'utf8'), FY2024_MUNICIPAL_FRAMEWORK, { registered: scope.registered });
    expect([...parsed.answersByInsurer.keys()]).toEqual(['011002', '242055']);
  });

  it('takes a code whose leading zero a spreadsheet dropped (11002 for 011002), and full-width digits', () => {
    const text = '保険者番号,指標ID,回答\n11002,suishin-I-i-1,はい\n２４２０５５,suishin-I-i-1,いいえ\n';
    const parsed = parseAnswersCsv(Buffer.from(text, 'utf8'), FY2024_MUNICIPAL_FRAMEWORK, { registered: scope.registered });
    expect([...parsed.answersByInsurer.keys()]).toEqual(['011002', '242055']);
  });

  it('reports each bad row by line and column', () => {
    const text = [
      '保険者番号,指標ID,回答',
      '011002,suishin-I-i-1,はい', // another prefecture
      '999999,suishin-I-i-1,はい', // not registered
      '242055,suishin-I-ii-1,はい', // numeric indicator
      '242055,suishin-I-i-1,たぶん', // not an answer
      '242055,suishin-I-i-2,zz', // unknown option
      '242055,suishin-I-i-3,はい',
      '242055,suishin-I-i-3,いいえ', // duplicate
    ].join('\n');
    try {
      parse(text);
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(CsvRejected);
      expect((error as CsvRejected).issues.map((i) => [i.line, i.column, i.code])).toEqual([
        [2, '保険者番号', 'CSV.OUT_OF_SCOPE'],
        [3, '保険者番号', 'CSV.UNKNOWN_INSURER'],
        [4, '指標ID', 'CSV.UNKNOWN_INDICATOR'],
        [5, '回答', 'CSV.INVALID_ANSWER'],
        [6, '回答', 'CSV.INVALID_ANSWER'],
        [8, '指標ID', 'CSV.DUPLICATE_ANSWER'],
      ]);
    }
  });

  it('parses a whole prefecture of answers at national scale (1,741 insurers × every self-assessed indicator)', () => {
    const ids = [...selfAssessedIndicators(FY2024_MUNICIPAL_FRAMEWORK).values()];
    const codes = Array.from({ length: 1741 }, (_, i) => `24${String(i).padStart(4, '0')}`);
    const lines = ['保険者番号,指標ID,回答', ...codes.flatMap((code) => ids.map((ind) => `${code},${ind.id},${ind.answerType === 'yes_no' ? 'はい' : ind.options[0].id}`))];
    const parsed = parseAnswersCsv(Buffer.from(lines.join('\n')), FY2024_MUNICIPAL_FRAMEWORK, { prefectureCode: '24', registered: new Set(codes) });
    expect(parsed.rows).toBe(codes.length * ids.length);
    expect(parsed.answersByInsurer.size).toBe(1741);
  });
});
