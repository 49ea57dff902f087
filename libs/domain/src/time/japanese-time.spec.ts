import fc from 'fast-check';
import { formatJstWareki, isCalendarDate, jstDate, jstParts, warekiDate, warekiOfIsoDate } from './japanese-time';

describe('JST and 和暦 for people', () => {
  it('shows a UTC instant in JST, nine hours ahead, the date turning at 15:00 UTC', () => {
    expect(formatJstWareki('2025-03-31T06:00:00.000Z')).toBe('令和7年3月31日 15:00（JST）');
    expect(formatJstWareki('2025-03-31T15:00:00.000Z')).toBe('令和7年4月1日 00:00（JST）');
    expect(formatJstWareki('2025-04-01T00:00:00+09:00')).toBe('令和7年4月1日 00:00（JST）');
    expect(jstDate(new Date('2024-12-31T14:59:59.999Z'))).toBe('2024-12-31');
    expect(jstDate(new Date('2024-12-31T15:00:00.000Z'))).toBe('2025-01-01');
  });

  it('changes era on 2019-05-01 JST: 平成31年4月30日, then 令和元年5月1日', () => {
    expect(formatJstWareki('2019-04-30T14:59:00.000Z')).toBe('平成31年4月30日 23:59（JST）');
    // 15:00 UTC on 30 April is already 1 May in Japan: the new era.
    expect(formatJstWareki('2019-04-30T15:00:00.000Z')).toBe('令和元年5月1日 00:00（JST）');
    expect(warekiDate(2020, 1, 1)).toBe('令和2年1月1日');
  });

  it('changes era on 1989-01-08: 昭和64年1月7日, then 平成元年1月8日', () => {
    expect(warekiDate(1989, 1, 7)).toBe('昭和64年1月7日');
    expect(warekiDate(1989, 1, 8)).toBe('平成元年1月8日');
    expect(warekiOfIsoDate('2018-04-01')).toBe('平成30年4月1日');
    expect(() => warekiDate(1926, 12, 24)).toThrow(RangeError);
  });

  it('reads only real calendar dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2025-13-01')).toBe(false);
    expect(isCalendarDate('2025-3-1')).toBe(false);
    expect(() => formatJstWareki('not a time')).toThrow(RangeError);
  });

  it('is the UTC instant shifted by exactly nine hours, for any time since 令和', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2019-05-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), (at) => {
        const parts = jstParts(at);
        const back = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute) - 9 * 3600 * 1000;
        expect(back).toBe(Math.floor(at.getTime() / 60000) * 60000);
        expect(formatJstWareki(at).startsWith('令和')).toBe(true);
      }),
    );
  });
});
