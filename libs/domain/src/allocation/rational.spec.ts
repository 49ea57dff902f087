import { proportionalShares, rational, toDecimalString } from './rational';

describe('rational', () => {
  it('is kept in lowest terms with a positive denominator', () => {
    expect(rational(6n, -4n)).toEqual({ numerator: -3n, denominator: 2n });
    expect(rational(0n, 7n)).toEqual({ numerator: 0n, denominator: 1n });
  });

  it('refuses a zero denominator', () => {
    expect(() => rational(1n, 0n)).toThrow(RangeError);
  });

  it('displays half up to the given places', () => {
    expect(toDecimalString(rational(1n, 8n), 2)).toBe('0.13');
    expect(toDecimalString(rational(2n, 3n), 3)).toBe('0.667');
    expect(toDecimalString(rational(22_350_000n, 7n), 3)).toBe('3192857.143');
    expect(toDecimalString(rational(5n, 2n), 0)).toBe('3');
    expect(toDecimalString(rational(-1n, 8n), 2)).toBe('-0.13');
    expect(toDecimalString(rational(-1n, 1000n), 2)).toBe('0.00');
  });
});

describe('proportional shares', () => {
  it('reduces total × weight / weightTotal to lowest terms', () => {
    expect(proportionalShares(7_450_000n, [300n, 400n, 0n], 700n)).toEqual([
      { numerator: 22_350_000n, denominator: 7n },
      { numerator: 29_800_000n, denominator: 7n },
      { numerator: 0n, denominator: 1n },
    ]);
    expect(proportionalShares(0n, [5n], 9n)).toEqual([{ numerator: 0n, denominator: 1n }]);
  });

  it('agrees with reducing each product on its own', () => {
    for (const [total, weights, weightTotal] of [
      [20_000_000_000n, [999_999_999_999n, 1_000_000_000_000n, 1_000_000_000_001n], 3_000_000_000_000n],
      [12n, [4n, 6n, 9n, 15n], 34n],
    ] as const) {
      expect(proportionalShares(total, weights, weightTotal)).toEqual(weights.map((w) => rational(total * w, weightTotal)));
    }
  });
});
