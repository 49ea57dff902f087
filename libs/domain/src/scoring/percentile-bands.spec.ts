import fc from 'fast-check';
import { NumericIndicator, PercentileBand } from '../framework/framework';
import { bandThresholdPosition, NationalFigure, percentileBandPoints } from './percentile-bands';

const indicator = (
  direction: NumericIndicator['direction'] = 'higherIsBetter',
  bands: readonly PercentileBand[] = [
    { topPercent: 10, points: 12 },
    { topPercent: 30, points: 8 },
    { topPercent: 50, points: 4 },
  ],
): NumericIndicator => ({
  id: 'care-plan-check-rate',
  label: 'ケアプラン点検の実施率',
  points: bands[0].points,
  answerType: 'numeric',
  direction,
  bands,
});

/** Ten insurers with values 100, 90, … 10 (higher is better), codes c01 … c10 in that order. */
const tenFigures = (): NationalFigure[] =>
  Array.from({ length: 10 }, (_, i) => ({ code: `c${String(i + 1).padStart(2, '0')}`, value: 100 - 10 * i }));

const pointsByCode = (figures: readonly NationalFigure[], numeric = indicator()) =>
  Object.fromEntries(percentileBandPoints(figures, numeric).map((p) => [p.code, p.points]));

describe('bandThresholdPosition', () => {
  it.each([
    [30, 10, 3],
    [30, 30, 9],
    [30, 50, 15],
    [29, 50, 15],
    [10, 10, 1],
    [1, 10, 1],
    [1741, 10, 175],
    [1741, 30, 523],
    [1741, 50, 871],
    [0, 50, 0],
    [47, 100, 47],
  ])('of %i insurers, the top %i%% ends at rank position %i', (n, p, expected) =>
    expect(bandThresholdPosition(n, p)).toBe(expected));

  it('is ceil(n × p / 100), checked in integers', () =>
    fc.assert(
      fc.property(fc.nat(10_000_000), fc.integer({ min: 1, max: 100 }), (n, p) => {
        const t = bandThresholdPosition(n, p);
        expect(100 * t >= n * p && 100 * (t - 1) < n * p).toBe(true);
      }),
    ));
});

describe('percentileBandPoints', () => {
  it('pays the top 10% / 30% / 50% bands by rank position', () => {
    // n = 10: thresholds ceil(1) = 1, ceil(3) = 3, ceil(5) = 5.
    expect(pointsByCode(tenFigures())).toEqual({
      c01: 12,
      c02: 8,
      c03: 8,
      c04: 4,
      c05: 4,
      c06: 0,
      c07: 0,
      c08: 0,
      c09: 0,
      c10: 0,
    });
  });

  it('ranks the other way for lowerIsBetter (e.g. days to certification)', () => {
    const points = pointsByCode(tenFigures(), indicator('lowerIsBetter'));
    expect(points.c10).toBe(12);
    expect(points.c01).toBe(0);
  });

  it('gives tied figures the same best rank and the same points, even across a threshold', () => {
    const figures = tenFigures();
    figures[3] = { code: 'c04', value: 80 }; // ties with c03 at rank 3, inside the top 30%
    figures[5] = { code: 'c06', value: 60 }; // ties with c05 at rank 5, inside the top 50%
    const placements = percentileBandPoints(figures, indicator());
    const byCode = Object.fromEntries(placements.map((p) => [p.code, p]));
    expect(byCode.c03).toMatchObject({ rank: 3, points: 8, topPercent: 30 });
    expect(byCode.c04).toMatchObject({ rank: 3, points: 8, topPercent: 30 });
    expect(byCode.c05).toMatchObject({ rank: 5, points: 4 });
    expect(byCode.c06).toMatchObject({ rank: 5, points: 4 });
    expect(byCode.c07).toMatchObject({ rank: 7, points: 0, topPercent: null });
  });

  it('gives a missing figure 0 points and leaves it out of n', () => {
    const figures: NationalFigure[] = [...tenFigures(), { code: 'c11', value: null }];
    const placements = percentileBandPoints(figures, indicator());
    expect(placements.find((p) => p.code === 'c11')).toEqual({
      code: 'c11',
      value: null,
      rank: null,
      topPercent: null,
      points: 0,
    });
    // With n = 11 the top 30% would be 4 insurers; with n = 10 it stays 3.
    expect(placements.find((p) => p.code === 'c04')?.points).toBe(4);
  });

  it('returns the insurers sorted by code', () =>
    expect(percentileBandPoints([...tenFigures()].reverse(), indicator()).map((p) => p.code)).toEqual(
      tenFigures().map((f) => f.code),
    ));

  it('rejects duplicate codes and non-finite figures', () => {
    expect(() => percentileBandPoints([...tenFigures(), { code: 'c01', value: 1 }], indicator())).toThrow(
      expect.objectContaining({ reason: 'DUPLICATE_CODE', field: 'figures.care-plan-check-rate[10].code' }),
    );
    expect(() => percentileBandPoints([{ code: 'c01', value: Number.NaN }], indicator())).toThrow(
      expect.objectContaining({ reason: 'NOT_A_FINITE_NUMBER' }),
    );
    expect(() => percentileBandPoints([{ code: 'c01', value: Infinity }], indicator())).toThrow(
      expect.objectContaining({ code: 'SCORING.INVALID_INPUT' }),
    );
  });

  describe('properties', () => {
    const bandsArb = fc
      .uniqueArray(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 4 })
      .chain((percents) =>
        fc
          .uniqueArray(fc.integer({ min: 1, max: 50 }), { minLength: percents.length, maxLength: percents.length })
          .map((points) => {
            const sortedPercents = [...percents].sort((a, b) => a - b);
            const sortedPoints = [...points].sort((a, b) => b - a);
            return sortedPercents.map((topPercent, i) => ({ topPercent, points: sortedPoints[i] }));
          }),
      );
    // Few distinct values, so ties are common.
    const figuresArb = fc
      .uniqueArray(fc.stringMatching(/^[0-9]{2}$/), { maxLength: 60 })
      .chain((codes) =>
        fc.tuple(
          ...codes.map((code) =>
            fc.option(fc.integer({ min: -5, max: 5 }), { freq: 6 }).map((value) => ({ code, value })),
          ),
        ),
      );
    const indicatorArb = fc
      .tuple(fc.constantFrom('higherIsBetter' as const, 'lowerIsBetter' as const), bandsArb)
      .map(([direction, bands]) => indicator(direction, bands));

    /** The rule written out the slow way: rank = 1 + strictly better figures; first band with rank ≤ ceil(n·p/100). */
    const oracle = (figures: readonly NationalFigure[], numeric: NumericIndicator, code: string): number => {
      const own = figures.find((f) => f.code === code)?.value ?? null;
      if (own === null) return 0;
      const present = figures.filter((f) => f.value !== null) as { code: string; value: number }[];
      const better = present.filter((f) => (numeric.direction === 'higherIsBetter' ? f.value > own : f.value < own));
      const rank = 1 + better.length;
      const band = numeric.bands.find((b) => 100 * rank <= present.length * b.topPercent + 99);
      return band?.points ?? 0;
    };

    it('match the rule computed independently', () =>
      fc.assert(
        fc.property(figuresArb, indicatorArb, (figures, numeric) => {
          for (const placement of percentileBandPoints(figures, numeric)) {
            expect(placement.points).toBe(oracle(figures, numeric, placement.code));
          }
        }),
      ));

    it('pay equal figures equally, better figures at least as much, and never above the indicator', () =>
      fc.assert(
        fc.property(figuresArb, indicatorArb, (figures, numeric) => {
          const placements = percentileBandPoints(figures, numeric).filter((p) => p.value !== null);
          for (const a of placements) {
            expect(a.points).toBeLessThanOrEqual(numeric.points);
            for (const b of placements) {
              const aBetter = numeric.direction === 'higherIsBetter' ? a.value! > b.value! : a.value! < b.value!;
              if (a.value === b.value) expect(a.points).toBe(b.points);
              if (aBetter) expect(a.points).toBeGreaterThanOrEqual(b.points);
            }
          }
        }),
      ));

    it('fill each band with at least its share of insurers', () =>
      fc.assert(
        fc.property(figuresArb, indicatorArb, (figures, numeric) => {
          const placements = percentileBandPoints(figures, numeric);
          const n = placements.filter((p) => p.value !== null).length;
          for (const band of numeric.bands) {
            const reached = placements.filter((p) => p.points >= band.points).length;
            expect(reached).toBeGreaterThanOrEqual(bandThresholdPosition(n, band.topPercent));
          }
        }),
      ));

    it('do not depend on the order of the figures', () =>
      fc.assert(
        fc.property(
          figuresArb.chain((figures) =>
            fc.tuple(fc.constant(figures), fc.shuffledSubarray(figures, { minLength: figures.length })),
          ),
          indicatorArb,
          ([figures, shuffled], numeric) => {
            expect(percentileBandPoints(shuffled, numeric)).toEqual(percentileBandPoints(figures, numeric));
          },
        ),
      ));
  });
});
