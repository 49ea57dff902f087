import fc from 'fast-check';
import { formatPercent, ratio, scoreRate } from './score-rate';

describe('score rates', () => {
  it('keep the exact ratio in lowest terms', () => {
    expect(scoreRate(18, 36)).toEqual({ ratio: { numerator: 1, denominator: 2 }, display: '50.0%' });
    expect(scoreRate(52, 68).ratio).toEqual({ numerator: 13, denominator: 17 });
    expect(scoreRate(0, 64)).toEqual({ ratio: { numerator: 0, denominator: 1 }, display: '0.0%' });
  });

  it.each([
    [3, 11, '27.3%'],
    [293, 400, '73.3%'],
    [23, 32, '71.9%'],
    [1, 16, '6.3%'],
    [1, 8, '12.5%'],
    [2, 3, '66.7%'],
    [1, 1, '100.0%'],
  ])('display %i/%i as %s (half up, one decimal)', (numerator, denominator, display) =>
    expect(formatPercent(ratio(numerator, denominator))).toBe(display));

  it('can show other precisions', () => {
    expect(formatPercent(ratio(3, 11), 0)).toBe('27%');
    expect(formatPercent(ratio(3, 11), 3)).toBe('27.273%');
  });

  it('reject negative, fractional or zero-denominator input', () => {
    expect(() => ratio(-1, 2)).toThrow(RangeError);
    expect(() => ratio(1.5, 2)).toThrow(RangeError);
    expect(() => ratio(1, 0)).toThrow(RangeError);
  });

  it('display a value within half a unit of the exact percentage', () =>
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.nat(1_000_000), (denominator, k) => {
        const numerator = k % (denominator + 1);
        const shown = formatPercent(ratio(numerator, denominator));
        const tenths = BigInt(shown.replace('%', '').replace('.', ''));
        // Half up in tenths of a percent: 1000·n/d − 1/2 < tenths ≤ 1000·n/d + 1/2; multiplied by 2d:
        const diff = 2n * (tenths * BigInt(denominator) - 1000n * BigInt(numerator));
        expect(diff <= BigInt(denominator) && diff > -BigInt(denominator)).toBe(true);
      }),
    ));
});
