import { compareCodes, rankByScore } from './ranking';

describe('rankByScore', () => {
  it('gives tied scores the same competition rank and skips the next (1, 2, 2, 4)', () => {
    const ranks = rankByScore([
      { code: '242055', score: 620 },
      { code: '011002', score: 700 },
      { code: '131016', score: 620 },
      { code: '271004', score: 500 },
    ]);
    expect(Object.fromEntries(ranks)).toEqual({
      '011002': { competition: 1, ordinal: 1, outOf: 4 },
      '131016': { competition: 2, ordinal: 2, outOf: 4 },
      '242055': { competition: 2, ordinal: 3, outOf: 4 },
      '271004': { competition: 4, ordinal: 4, outOf: 4 },
    });
  });

  it('breaks ties for the ordinal by code ascending, by code units rather than locale', () => {
    expect(['b', 'B', 'a', '10', '9'].sort(compareCodes)).toEqual(['10', '9', 'B', 'a', 'b']);
  });

  it('refuses duplicate codes', () =>
    expect(() =>
      rankByScore([
        { code: 'x', score: 1 },
        { code: 'x', score: 2 },
      ]),
    ).toThrow(RangeError));
});
