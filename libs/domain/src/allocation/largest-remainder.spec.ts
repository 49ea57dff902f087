import { largestRemainder } from './largest-remainder';

describe('largest remainder', () => {
  it('gives the leftover units to the largest remainders', () => {
    // Quotas 1.6, 2.3, 3.1 (tenths): floors 1 + 2 + 3 = 6 of 7; the remainder .6 wins.
    const outcome = largestRemainder(7n, 10n, [
      { key: 'a', numerator: 16n },
      { key: 'b', numerator: 23n },
      { key: 'c', numerator: 31n },
    ]);
    expect(outcome).toEqual({ units: [2n, 2n, 3n], roundedUp: [true, false, false] });
  });

  it('breaks equal remainders by key ascending, whatever the order of the parts', () => {
    const outcome = largestRemainder(2n, 3n, [
      { key: 'z', numerator: 2n },
      { key: 'm', numerator: 2n },
      { key: 'a', numerator: 2n },
    ]);
    expect(outcome.units).toEqual([0n, 1n, 1n]);
  });

  it('rounds nothing when the quotas are whole', () => {
    expect(largestRemainder(5n, 1n, [{ key: 'a', numerator: 5n }]).units).toEqual([5n]);
  });

  it('refuses quotas that do not add up to the total', () => {
    expect(() => largestRemainder(3n, 2n, [{ key: 'a', numerator: 5n }])).toThrow(
      expect.objectContaining({ code: 'ALLOCATION.INVARIANT_VIOLATED', invariant: 'QUOTAS_SUM_TO_TOTAL' }),
    );
  });
});
