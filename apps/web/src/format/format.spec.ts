import { fiscalYearOf } from '../years/fiscal-year-of';
import { fiscalYearLabel, japanese, jstDateTime, jstInputInDays, jstInputToIso, thousandYen, thousandYenFigure, warekiDateTime, withJstTimes } from './format';

describe('what people read', () => {
  it('shows yen in 千円 with separators, cutting the yen below a thousand as 交付額一覧 does', () => {
    expect(thousandYen('19000000000')).toBe('19,000,000千円');
    expect(thousandYen('1234999')).toBe('1,234千円');
    expect(thousandYen('999')).toBe('0千円');
    expect(thousandYen('-5000')).toBe('−5千円');
    expect(thousandYen('1.5')).toBe('—');
    expect(thousandYenFigure('12345')).toBe('12,345千円');
  });

  it('shows instants in JST, deadlines in 和暦', () => {
    expect(jstDateTime('2026-06-30T08:00:00.000Z')).toBe('2026/06/30 17:00');
    expect(jstDateTime('2026-12-31T15:30:00Z')).toBe('2027/01/01 00:30');
    expect(warekiDateTime('2026-06-30T08:00:00.000Z')).toBe('令和8年6月30日 17:00');
    expect(warekiDateTime('2019-04-30T14:59:00Z')).toBe('平成31年4月30日 23:59');
    expect(jstDateTime(undefined)).toBe('—');
  });

  it('names fiscal years in 和暦 and finds the one a moment falls in (April to March, JST)', () => {
    expect(fiscalYearLabel('FY2024')).toBe('令和6年度（2024年度）');
    expect(fiscalYearLabel('FY2019')).toBe('令和元年度（2019年度）');
    expect(fiscalYearOf(new Date('2026-03-31T14:59:59Z'))).toBe(2025);
    expect(fiscalYearOf(new Date('2026-03-31T15:00:00Z'))).toBe(2026);
  });

  it('reads a date-time input as JST, with the offset the API asks for', () => {
    expect(jstInputToIso('2026-07-14T17:00')).toBe('2026-07-14T17:00:00+09:00');
    expect(jstInputInDays(14, new Date('2026-06-30T20:00:00Z'))).toBe('2026-07-15T17:00');
  });

  it('keeps the Japanese half of an API message and shows its instants in JST', () => {
    expect(japanese('未回答の指標が 3 件あります。 3 indicator(s) are not answered yet.')).toBe('未回答の指標が 3 件あります。');
    expect(japanese('トークンが無効です（署名が一致しません）。 The token is invalid.')).toBe('トークンが無効です（署名が一致しません）。');
    expect(withJstTimes('保険者の提出期限（2026-12-30T08:34:12.977Z）前です。')).toBe('保険者の提出期限（令和8年12月30日 17:34）前です。');
  });
});
