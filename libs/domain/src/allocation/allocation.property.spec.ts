import fc from 'fast-check';
import { allocate, AllocationInput, AllocationRecipientInput, AllocationResult } from './allocation';

/*
 * Property tests for RELIABILITY.md §2 item 13: 1–1,741 recipients, weights up to 1e12, caps 0–pool, pools up to
 * 2e10 yen (2e7 千円). The oracle below is the rule as written, round by round and O(n²), sharing no code with the
 * engine.
 */

const MAX_POOL_YEN = 20_000_000_000n;
const MAX_WEIGHT = 1_000_000_000_000n;

type Recipient = AllocationRecipientInput;

const codeArb = fc.integer({ min: 10_000, max: 479_999 }).map((n) => n.toString().padStart(6, '0'));
const unitArb = fc.constantFrom(1n, 7n, 100n, 1000n);

function recipientArb(maxWeight: bigint, maxCap: bigint): fc.Arbitrary<Recipient> {
  return fc.record({
    code: codeArb,
    weight: fc.oneof({ arbitrary: fc.constant(0n), weight: 1 }, { arbitrary: fc.bigInt(0n, maxWeight), weight: 6 }),
    capYen: fc.option(fc.bigInt(0n, maxCap), { nil: undefined, freq: 2 }),
  });
}

function inputArb(options: {
  maxLength: number;
  minLength?: number;
  maxPool: bigint;
  maxWeight: bigint;
  size?: fc.SizeForArbitrary;
}): fc.Arbitrary<AllocationInput> {
  return fc
    .tuple(fc.bigInt(0n, options.maxPool), unitArb)
    .chain(([poolYen, unitYen]) =>
      fc.record({
        poolYen: fc.constant(poolYen),
        unitYen: fc.constant(unitYen),
        ruleVersion: fc.constant('property/v1'),
        recipients: fc.uniqueArray(recipientArb(options.maxWeight, poolYen), {
          selector: (r) => r.code,
          minLength: options.minLength ?? 0,
          maxLength: options.maxLength,
          size: options.size,
        }),
      }),
    );
}

/**
 * Re-draws the caps around an equal split of the pool (0–3×), so that many bind and water-filling runs several rounds;
 * with `everyone`, recipients without a cap get one too, which often leaves money unallocated.
 */
function withTightCaps(arb: fc.Arbitrary<AllocationInput>): fc.Arbitrary<AllocationInput> {
  return arb.chain((input) => {
    const n = input.recipients.length;
    return fc
      .tuple(fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: n, maxLength: n }), fc.boolean())
      .map(([perMille, everyone]) => ({
        ...input,
        recipients: input.recipients.map((r, i) => ({
          ...r,
          capYen:
            r.capYen == null && !everyone
              ? undefined
              : (input.poolYen * BigInt(perMille[i])) / (BigInt(Math.max(n, 1)) * 1000n),
        })),
      }));
  });
}

/** Small: many ties, zero weights and binding caps. */
const smallInput = inputArb({ maxLength: 8, maxPool: 100_000n, maxWeight: 6n });
/** Realistic magnitudes: pools to 2e10 yen, weights to 1e12. */
const hugeInput = fc.oneof(
  inputArb({ maxLength: 40, maxPool: MAX_POOL_YEN, maxWeight: MAX_WEIGHT }),
  withTightCaps(inputArb({ maxLength: 40, maxPool: MAX_POOL_YEN, maxWeight: MAX_WEIGHT })),
);
/** Up to the 1,741 insurers of a municipal pool. */
const nationalInput = withTightCaps(
  inputArb({ minLength: 1, maxLength: 1741, maxPool: MAX_POOL_YEN, maxWeight: MAX_WEIGHT, size: 'max' }),
);

const unitOf = (input: AllocationInput) => input.unitYen ?? 1000n;
const floorTo = (yen: bigint, unit: bigint) => yen - (yen % unit);
const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

interface ReferenceOutcome {
  placedYen: bigint;
  amounts: Map<string, bigint>;
  cappedByRound: string[][];
}

/** The rule as DOMAIN.md states it: divide, cap whoever exceeds, re-divide the rest, repeat; then Hamilton. */
function reference(input: AllocationInput): ReferenceOutcome {
  const unit = unitOf(input);
  const capOf = (r: Recipient) => (r.capYen == null ? null : floorTo(r.capYen, unit));
  const amounts = new Map<string, bigint>(input.recipients.map((r) => [r.code, 0n]));
  const cappedByRound: string[][] = [];
  const placeable = floorTo(input.poolYen, unit);
  let left = placeable;
  let active = [...input.recipients].filter((r) => r.weight > 0n).sort(byCode);
  while (active.length > 0) {
    const total = active.reduce((sum, r) => sum + r.weight, 0n);
    const over = active.filter((r) => {
      const cap = capOf(r);
      return cap !== null && left * r.weight > cap * total;
    });
    cappedByRound.push(over.map((r) => r.code));
    if (over.length === 0) break;
    for (const r of over) {
      amounts.set(r.code, capOf(r) as bigint);
      left -= capOf(r) as bigint;
    }
    active = active.filter((r) => !over.includes(r));
  }
  if (active.length === 0) return { placedYen: placeable - left, amounts, cappedByRound };

  const total = active.reduce((sum, r) => sum + r.weight, 0n);
  const quotas = active.map((r) => ({
    code: r.code,
    floor: (left * r.weight) / (total * unit),
    remainder: (left * r.weight) % (total * unit),
  }));
  let missing = left / unit - quotas.reduce((sum, q) => sum + q.floor, 0n);
  const order = [...quotas].sort((a, b) => (a.remainder === b.remainder ? byCode(a, b) : a.remainder > b.remainder ? -1 : 1));
  for (const q of order) {
    amounts.set(q.code, (q.floor + (missing > 0n ? 1n : 0n)) * unit);
    missing -= 1n;
  }
  return { placedYen: placeable, amounts, cappedByRound };
}

/** The placement rule: min(pool floored to the unit, Σ caps floored to the unit over weights > 0); 0 with no weight. */
function expectedPlaced(input: AllocationInput): bigint {
  const unit = unitOf(input);
  const weighted = input.recipients.filter((r) => r.weight > 0n);
  if (weighted.length === 0) return 0n;
  const placeable = floorTo(input.poolYen, unit);
  if (weighted.some((r) => r.capYen == null)) return placeable;
  const caps = weighted.reduce((sum, r) => sum + floorTo(r.capYen as bigint, unit), 0n);
  return caps < placeable ? caps : placeable;
}

/** Checks the money rules from the outside; plain comparisons, one `expect`, so 1,741 recipients stay fast. */
function assertMoneyRules(input: AllocationInput, result: AllocationResult): void {
  const unit = unitOf(input);
  const problems: string[] = [];
  const sum = result.recipients.reduce((total, r) => total + r.amountYen, 0n);
  if (sum !== result.placedYen) problems.push(`amounts add up to ${sum}, placed ${result.placedYen}`);
  if (result.placedYen !== expectedPlaced(input)) problems.push(`placed ${result.placedYen}, not min(pool, caps)`);
  if (result.placedYen + result.unallocatedYen !== input.poolYen) problems.push('placed + unallocated ≠ pool');
  for (const r of result.recipients) {
    if (r.amountYen % unit !== 0n) problems.push(`${r.code}: ${r.amountYen} is not whole units`);
    if (r.capYen !== null && r.amountYen > r.capYen) problems.push(`${r.code}: ${r.amountYen} over cap ${r.capYen}`);
    if (r.weight === 0n && r.amountYen !== 0n) problems.push(`${r.code}: weight 0 gets ${r.amountYen}`);
  }
  // Money left for the uncapped, and each uncapped amount within one unit of its share of it: a ∈ {⌊q⌋, ⌈q⌉}.
  const uncapped = result.recipients.filter((r) => !r.capped && r.weight > 0n);
  const leftYen = result.placedYen - result.recipients.reduce((s, r) => s + (r.capped ? r.amountYen : 0n), 0n);
  const total = uncapped.reduce((s, r) => s + r.weight, 0n);
  for (const r of uncapped) {
    const floorUnits = (leftYen * r.weight) / (total * unit);
    const exact = (leftYen * r.weight) % (total * unit) === 0n;
    const units = r.amountYen / unit;
    if (!(units === floorUnits || (!exact && units === floorUnits + 1n))) {
      problems.push(`${r.code}: ${units} units, share floor ${floorUnits}`);
    }
  }
  expect(problems).toEqual([]);
}

/** An input together with its recipients in another order. */
const shuffled = (arb: fc.Arbitrary<AllocationInput>): fc.Arbitrary<[AllocationInput, Recipient[]]> =>
  arb.chain((input) =>
    fc.tuple(
      fc.constant(input),
      fc.shuffledSubarray([...input.recipients], {
        minLength: input.recipients.length,
        maxLength: input.recipients.length,
      }),
    ),
  );

describe('allocation properties', () => {
  it('matches the round-by-round rule exactly on small pools with many ties', () => {
    fc.assert(
      fc.property(smallInput, (input) => {
        const result = allocate(input);
        const expected = reference(input);
        expect(result.placedYen).toBe(expected.placedYen);
        expect(new Map(result.recipients.map((r) => [r.code, r.amountYen]))).toEqual(expected.amounts);
        expect(result.rounds.map((round) => round.cappedCodes)).toEqual(expected.cappedByRound);
      }),
      { numRuns: 3000 },
    );
  });

  it('matches the round-by-round rule at realistic magnitudes', () => {
    fc.assert(
      fc.property(hugeInput, (input) => {
        const result = allocate(input);
        const expected = reference(input);
        expect(new Map(result.recipients.map((r) => [r.code, r.amountYen]))).toEqual(expected.amounts);
        expect(result.rounds.map((round) => round.cappedCodes)).toEqual(expected.cappedByRound);
      }),
      { numRuns: 1000 },
    );
  });

  it('adds up exactly, respects caps and stays within one unit of every share', () => {
    fc.assert(
      fc.property(fc.oneof(smallInput, hugeInput), (input) => assertMoneyRules(input, allocate(input))),
      { numRuns: 2000 },
    );
  });

  it('does not depend on the order of the recipients', () => {
    fc.assert(
      fc.property(shuffled(fc.oneof(smallInput, hugeInput)), ([input, recipients]) => {
        expect(allocate({ ...input, recipients })).toEqual(allocate(input));
      }),
      { numRuns: 1000 },
    );
  });

  it('gives deep-equal results for identical inputs', () => {
    fc.assert(
      fc.property(hugeInput, (input) => {
        const copy: AllocationInput = { ...input, recipients: input.recipients.map((r) => ({ ...r })) };
        expect(allocate(copy)).toEqual(allocate(input));
      }),
      { numRuns: 300 },
    );
  });

  it('places nothing when every score is zero', () => {
    fc.assert(
      fc.property(hugeInput, (input) => {
        const zero = { ...input, recipients: input.recipients.map((r) => ({ ...r, weight: 0n })) };
        const result = allocate(zero);
        expect(result.placedYen).toBe(0n);
        expect(result.unallocatedYen).toBe(input.poolYen);
        expect(result.rounds).toEqual([]);
        expect(result.recipients.every((r) => r.amountYen === 0n && !r.capped)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('pays every cap and leaves the rest unallocated when the caps cannot absorb the pool', () => {
    const withRoom = (input: AllocationInput) =>
      input.recipients.some((r) => r.weight > 0n) && floorTo(input.poolYen, unitOf(input)) > 0n;
    const allCapped = hugeInput.filter(withRoom).map((input) => {
      const n = BigInt(input.recipients.length);
      // Caps of at most half an equal split add up to less than the (positive) placeable pool.
      const ceiling = floorTo(input.poolYen, unitOf(input)) / n / 2n;
      return {
        ...input,
        recipients: input.recipients.map((r, i) => ({ ...r, capYen: (ceiling * BigInt(i + 1)) / n })),
      };
    });
    fc.assert(
      fc.property(allCapped, (input) => {
        const unit = unitOf(input);
        const result = allocate(input);
        const caps = input.recipients
          .filter((r) => r.weight > 0n)
          .reduce((sum, r) => sum + floorTo(r.capYen as bigint, unit), 0n);
        expect(result.placedYen).toBe(caps);
        expect(result.unallocatedYen).toBe(input.poolYen - caps);
        expect(result.recipients.every((r) => r.capped === r.weight > 0n)).toBe(true);
        assertMoneyRules(input, result);
      }),
      { numRuns: 300 },
    );
  });

  it('places the whole pool in one round when nobody has a cap', () => {
    fc.assert(
      fc.property(hugeInput, (input) => {
        const uncapped = { ...input, recipients: input.recipients.map(({ code, weight }) => ({ code, weight })) };
        const result = allocate(uncapped);
        const anyWeight = input.recipients.some((r) => r.weight > 0n);
        expect(result.placedYen).toBe(anyWeight ? floorTo(input.poolYen, unitOf(input)) : 0n);
        expect(result.rounds).toHaveLength(anyWeight ? 1 : 0);
        expect(result.recipients.some((r) => r.capped)).toBe(false);
        assertMoneyRules(uncapped, result);
      }),
      { numRuns: 300 },
    );
  });

  it('splits among equal weights within one unit, extra units to the smallest codes', () => {
    fc.assert(
      fc.property(hugeInput, fc.bigInt(1n, MAX_WEIGHT), (input, weight) => {
        const equal = { ...input, recipients: input.recipients.map(({ code }) => ({ code, weight })) };
        const amounts = allocate(equal).recipients.map((r) => r.amountYen);
        const unit = unitOf(input);
        for (let i = 1; i < amounts.length; i++) {
          // Sorted by code, so amounts never increase: the larger ones come first.
          expect(amounts[i] === amounts[i - 1] || amounts[i] === amounts[i - 1] - unit).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('allocates to the yen: Σa = min(B, Σreq) when every recipient has weight (unit 1)', () => {
    const weighted = hugeInput.map((input) => ({
      ...input,
      unitYen: 1n,
      recipients: input.recipients.map((r) => ({ ...r, weight: r.weight + 1n })),
    }));
    fc.assert(
      fc.property(weighted, (input) => {
        const result = allocate(input);
        const requests = input.recipients.some((r) => r.capYen == null)
          ? null
          : input.recipients.reduce((sum, r) => sum + (r.capYen as bigint), 0n);
        const expected = input.recipients.length === 0 ? 0n : requests === null || requests > input.poolYen ? input.poolYen : requests;
        expect(result.placedYen).toBe(expected);
        assertMoneyRules(input, result);
      }),
      { numRuns: 500 },
    );
  });

  it('holds for up to 1,741 recipients', () => {
    fc.assert(
      fc.property(shuffled(nationalInput), ([input, recipients]) => {
        const result = allocate(input);
        assertMoneyRules(input, result);
        expect(allocate({ ...input, recipients })).toEqual(result);
      }),
      { numRuns: 300 },
    );
  });
});
