import { rankWithinSizeBands, sizeBandOf } from './size-band';

describe('規模区分 by 第1号被保険者数', () => {
  it('puts each edge in the band above it: 3,000 / 10,000 / 50,000 / 100,000', () => {
    const cases: [number, number][] = [
      [0, 1], [2_999, 1], [3_000, 2], [9_999, 2], [10_000, 3], [49_999, 3], [50_000, 4], [99_999, 4], [100_000, 5], [3_500_000, 5],
    ];
    expect(cases.map(([count]) => [count, sizeBandOf(count)])).toEqual(cases);
  });

  it('refuses what is not a count', () => {
    expect(() => sizeBandOf(-1)).toThrow(RangeError);
    expect(() => sizeBandOf(2.5)).toThrow(RangeError);
  });

  it('ranks within each band by competition, n being the band’s own, whatever the input order', () => {
    const entries = [
      { code: '100005', score: 500, category1InsuredPersons: 2_999 },
      { code: '100001', score: 400, category1InsuredPersons: 1_000 },
      { code: '100002', score: 500, category1InsuredPersons: 0 },
      { code: '100003', score: 450, category1InsuredPersons: 3_000 },
      { code: '100004', score: 300, category1InsuredPersons: 100_000 },
    ];
    const expected = {
      '100002': { band: 1, rank: { competition: 1, ordinal: 1, outOf: 3 } },
      '100005': { band: 1, rank: { competition: 1, ordinal: 2, outOf: 3 } },
      '100001': { band: 1, rank: { competition: 3, ordinal: 3, outOf: 3 } },
      '100003': { band: 2, rank: { competition: 1, ordinal: 1, outOf: 1 } },
      '100004': { band: 5, rank: { competition: 1, ordinal: 1, outOf: 1 } },
    };
    expect(Object.fromEntries(rankWithinSizeBands(entries))).toEqual(expected);
    expect(Object.fromEntries(rankWithinSizeBands([...entries].reverse()))).toEqual(expected);
  });
});
