import { allocate, AllocationInput, AllocationResult } from './allocation';
import { municipalDefaultWeight, prefecturalDefaultWeight } from './allocation-weight';
import { InvalidAllocationInput } from './allocation.errors';

const amountsOf = (result: AllocationResult) => Object.fromEntries(result.recipients.map((r) => [r.code, r.amountYen]));

describe('a prefectural pool whose caps free money twice', () => {
  /*
   * Scaled-down 都道府県分 pool of 10,000,400 yen, unit 1,000 yen, weight = score, cap = 所要見込額.
   *   010006 score 100, cap   500,000
   *   020001 score 200, cap 2,050,500 → effective 2,050,000 (caps are floored to the unit)
   *   030007 score 300, cap 4,000,000
   *   040002 score 400, cap 5,000,000
   * Placeable 10,000,000 yen; 400 yen (pool mod unit) stays unallocated.
   *
   * Round 1: 10,000,000 over 1,000 points = 10,000 yen/point → 1,000,000 / 2,000,000 / 3,000,000 / 4,000,000.
   *   010006 exceeds 500,000: capped. Freed 1,000,000 − 500,000 = 500,000.
   * Round 2: 9,500,000 over 900 points = 10,555.55… yen/point → 020001 19,000,000/9 = 2,111,111.11… > 2,050,000:
   *   capped; 030007 3,166,666.66… ≤ 4,000,000 and 040002 4,222,222.22… ≤ 5,000,000 stay.
   *   Freed 19,000,000/9 − 2,050,000 = 550,000/9 = 61,111.11….
   * Round 3: 7,450,000 over 700 points = 10,642.857… yen/point → 030007 22,350,000/7 = 3,192,857.142857…,
   *   040002 29,800,000/7 = 4,257,142.857142…; both under their caps: done.
   * Rounding 7,450 units: 3,192 + 6/7 and 4,257 + 1/7 units; the floors give 7,449, so the one missing unit goes to the
   *   larger remainder (030007). Amounts 500,000 + 2,050,000 + 3,193,000 + 4,257,000 = 10,000,000.
   */
  const input: AllocationInput = {
    poolYen: 10_000_400n,
    unitYen: 1000n,
    ruleVersion: 'prefectural/v1',
    recipients: [
      { code: '040002', weight: prefecturalDefaultWeight(400n), capYen: 5_000_000n },
      { code: '010006', weight: prefecturalDefaultWeight(100n), capYen: 500_000n },
      { code: '030007', weight: prefecturalDefaultWeight(300n), capYen: 4_000_000n },
      { code: '020001', weight: prefecturalDefaultWeight(200n), capYen: 2_050_500n },
    ],
  };
  const result = allocate(input);

  it('caps in two rounds and settles in the third', () => {
    expect(result.rounds).toEqual([
      {
        round: 1,
        dividedYen: 10_000_000n,
        weightTotal: 1000n,
        recipientCount: 4,
        cappedCodes: ['010006'],
        cappedYen: 500_000n,
        redistributedYen: { numerator: 500_000n, denominator: 1n },
      },
      {
        round: 2,
        dividedYen: 9_500_000n,
        weightTotal: 900n,
        recipientCount: 3,
        cappedCodes: ['020001'],
        cappedYen: 2_050_000n,
        redistributedYen: { numerator: 550_000n, denominator: 9n },
      },
      {
        round: 3,
        dividedYen: 7_450_000n,
        weightTotal: 700n,
        recipientCount: 2,
        cappedCodes: [],
        cappedYen: 0n,
        redistributedYen: { numerator: 0n, denominator: 1n },
      },
    ]);
  });

  it('pays the caps and rounds the rest by largest remainder', () => {
    expect(amountsOf(result)).toEqual({
      '010006': 500_000n,
      '020001': 2_050_000n,
      '030007': 3_193_000n,
      '040002': 4_257_000n,
    });
    expect(result.placedYen).toBe(10_000_000n);
    expect(result.unallocatedYen).toBe(400n);
    expect(result.subUnitRemainderYen).toBe(400n);
  });

  it('reports exact shares as rationals and rounded decimals', () => {
    const byCode = Object.fromEntries(result.recipients.map((r) => [r.code, r]));
    expect(byCode['020001']).toMatchObject({
      capYen: 2_050_500n,
      effectiveCapYen: 2_050_000n,
      capped: true,
      cappedInRound: 2,
      exactShareYen: { numerator: 2_050_000n, denominator: 1n },
      exactShareDisplay: '2050000.000',
    });
    expect(byCode['030007']).toMatchObject({
      capped: false,
      cappedInRound: null,
      exactShareYen: { numerator: 22_350_000n, denominator: 7n },
      exactShareDisplay: '3192857.143',
      roundedUp: true,
    });
    expect(byCode['040002']).toMatchObject({
      exactShareYen: { numerator: 29_800_000n, denominator: 7n },
      exactShareDisplay: '4257142.857',
      roundedUp: false,
    });
  });

  it('lists the invariants it checked and keeps the rule version', () => {
    expect(result.ruleVersion).toBe('prefectural/v1');
    expect(result.invariants).toContain('AMOUNTS_SUM_TO_PLACED');
    expect(result.invariants).toContain('NOBODY_EXCEEDS_CAP');
    expect(result.recipients.map((r) => r.code)).toEqual(['010006', '020001', '030007', '040002']);
  });
});

describe('when every recipient is capped', () => {
  /*
   * Pool 10,000,000, weights 1 and 1. Round 1: 5,000,000 each; A (cap 1,000,000) is capped, B (cap 6,000,000) is not.
   * Round 2: B alone would get 9,000,000 > 6,000,000: capped. Nobody is left, so 3,000,000 stays unallocated.
   */
  const result = allocate({
    poolYen: 10_000_000n,
    ruleVersion: 'prefectural/v1',
    recipients: [
      { code: 'B', weight: 1n, capYen: 6_000_000n },
      { code: 'A', weight: 1n, capYen: 1_000_000n },
    ],
  });

  it('pays every cap and reports the rest as unallocated', () => {
    expect(amountsOf(result)).toEqual({ A: 1_000_000n, B: 6_000_000n });
    expect(result.placedYen).toBe(7_000_000n);
    expect(result.unallocatedYen).toBe(3_000_000n);
    expect(result.rounds.map((r) => r.cappedCodes)).toEqual([['A'], ['B']]);
    expect(result.rounds[1].redistributedYen).toEqual({ numerator: 3_000_000n, denominator: 1n });
  });
});

describe('a share exactly equal to its cap', () => {
  it('is not capped (only a share above the cap is) and is paid in full', () => {
    const result = allocate({
      poolYen: 6000n,
      ruleVersion: 'v1',
      recipients: [
        { code: 'A', weight: 1n, capYen: 2000n },
        { code: 'B', weight: 2n },
      ],
    });
    expect(result.recipients[0]).toMatchObject({ code: 'A', capped: false, amountYen: 2000n });
    expect(result.rounds).toHaveLength(1);
  });
});

describe('ties in the largest remainder', () => {
  /* 10 units over three equal weights: 3⅓ each, equal remainders; the missing unit goes to the smallest code. */
  it('gives the extra unit to the smallest code, whatever the input order', () => {
    const result = allocate({
      poolYen: 10_000n,
      ruleVersion: 'v1',
      recipients: [
        { code: '242055', weight: 7n },
        { code: '242021', weight: 7n },
        { code: '242039', weight: 7n },
      ],
    });
    expect(amountsOf(result)).toEqual({ '242021': 4000n, '242039': 3000n, '242055': 3000n });
    expect(result.recipients.map((r) => r.roundedUp)).toEqual([true, false, false]);
  });

  /* 11 units over three equal weights: 3⅔ each; two missing units go to the two smallest codes. */
  it('hands out several extra units in code order', () => {
    const result = allocate({
      poolYen: 11_000n,
      ruleVersion: 'v1',
      recipients: [
        { code: '242039', weight: 1n },
        { code: '242055', weight: 1n },
        { code: '242021', weight: 1n },
      ],
    });
    expect(amountsOf(result)).toEqual({ '242021': 4000n, '242039': 4000n, '242055': 3000n });
  });

  it('orders codes by UTF-16 code units, not by locale', () => {
    const result = allocate({
      poolYen: 2_000n,
      ruleVersion: 'v1',
      recipients: [
        { code: 'b', weight: 1n },
        { code: 'B', weight: 1n },
        { code: 'a', weight: 1n },
      ],
    });
    // 'B' (U+0042) < 'a' (U+0061) < 'b' (U+0062).
    expect(result.recipients.map((r) => [r.code, r.amountYen])).toEqual([
      ['B', 1000n],
      ['a', 1000n],
      ['b', 0n],
    ]);
  });
});

describe('pool × weight beyond 2^53', () => {
  /*
   * Pool 2e10 yen (20,000,000 units), weights 3,613,525,000 and 996,386,475,000 (sum 1e12).
   * Quotas: 2e7 × 3,613,525,000 / 1e12 = 72,270.5 and 19,927,729.5 units (72,270,500 and 19,927,729,500 yen)
   * exactly: a tie at one half, broken by code, so 012025 gets the extra unit. 2e10 × 996,386,475,000 ≈ 2e22 is far
   * past 2^53; a double-precision engine computes that quota as a hair above .5 and wrongly hands the unit to 012033.
   */
  const recipients = [
    { code: '012033', weight: 996_386_475_000n },
    { code: '012025', weight: 3_613_525_000n },
  ];
  const result = allocate({ poolYen: 20_000_000_000n, ruleVersion: 'municipal/v1', recipients });

  it('computes exactly and breaks the tie by code', () => {
    expect(20_000_000_000n * 996_386_475_000n > 2n ** 53n).toBe(true);
    expect(amountsOf(result)).toEqual({ '012025': 72_271_000n, '012033': 19_927_729_000n });
    expect(result.recipients.map((r) => r.exactShareYen)).toEqual([
      { numerator: 72_270_500n, denominator: 1n },
      { numerator: 19_927_729_500n, denominator: 1n },
    ]);
  });

  /*
   * Three weights around 1e12 (sum 3e12): shares are weight/150 yen, i.e. 6,666,666.66666, .666667 and .666673 units.
   * The floors give 19,999,998 units; the two missing go to the two largest remainders (012041, then 012033).
   */
  it('separates remainders that differ only in the sixth decimal of a unit', () => {
    const close = allocate({
      poolYen: 20_000_000_000n,
      ruleVersion: 'municipal/v1',
      recipients: [
        { code: '012025', weight: 999_999_999_999n },
        { code: '012033', weight: 1_000_000_000_000n },
        { code: '012041', weight: 1_000_000_000_001n },
      ],
    });
    expect(amountsOf(close)).toEqual({
      '012025': 6_666_666_000n,
      '012033': 6_666_667_000n,
      '012041': 6_666_667_000n,
    });
    expect(close.recipients.map((r) => r.exactShareDisplay)).toEqual([
      '6666666666.660',
      '6666666666.667',
      '6666666666.673',
    ]);
  });
});

describe('zero weights', () => {
  it('places nothing when every weight is zero, and reports the whole pool as unallocated', () => {
    const result = allocate({
      poolYen: 1_234_567n,
      ruleVersion: 'v1',
      recipients: [
        { code: 'A', weight: 0n, capYen: 100n },
        { code: 'B', weight: 0n },
      ],
    });
    expect(result.placedYen).toBe(0n);
    expect(result.unallocatedYen).toBe(1_234_567n);
    expect(result.subUnitRemainderYen).toBe(567n);
    expect(result.rounds).toEqual([]);
    expect(result.recipients.every((r) => r.amountYen === 0n && !r.capped)).toBe(true);
  });

  it('places nothing for an empty recipient list', () => {
    const result = allocate({ poolYen: 5000n, ruleVersion: 'v1', recipients: [] });
    expect(result).toMatchObject({ placedYen: 0n, unallocatedYen: 5000n, recipients: [], rounds: [] });
  });

  it('gives a zero-weight recipient nothing and never caps it, even with a cap of 0', () => {
    const result = allocate({
      poolYen: 3000n,
      ruleVersion: 'v1',
      recipients: [
        { code: 'A', weight: 0n, capYen: 0n },
        { code: 'B', weight: 5n },
      ],
    });
    expect(amountsOf(result)).toEqual({ A: 0n, B: 3000n });
    expect(result.recipients[0].capped).toBe(false);
  });
});

describe('units', () => {
  it('floors a cap below one unit to zero, and the freed money goes to the others', () => {
    const result = allocate({
      poolYen: 4000n,
      ruleVersion: 'v1',
      recipients: [
        { code: 'A', weight: 1n, capYen: 999n },
        { code: 'B', weight: 1n },
      ],
    });
    expect(amountsOf(result)).toEqual({ A: 0n, B: 4000n });
    expect(result.recipients[0]).toMatchObject({ capYen: 999n, effectiveCapYen: 0n, capped: true });
  });

  it('allocates to the yen with a unit of 1', () => {
    const result = allocate({
      poolYen: 100n,
      unitYen: 1n,
      ruleVersion: 'v1',
      recipients: [
        { code: 'A', weight: 1n },
        { code: 'B', weight: 2n },
      ],
    });
    expect(amountsOf(result)).toEqual({ A: 33n, B: 67n });
    expect(result.unallocatedYen).toBe(0n);
  });

  it('places nothing from a pool smaller than one unit', () => {
    const result = allocate({ poolYen: 999n, ruleVersion: 'v1', recipients: [{ code: 'A', weight: 1n }] });
    expect(result).toMatchObject({ placedYen: 0n, unallocatedYen: 999n, subUnitRemainderYen: 999n });
  });
});

describe('municipal default weight', () => {
  /* Kuwana FY2024 推進: 293 points; the weight is score × category-1 insured persons (第1号被保険者数). */
  it('is score × category-1 insured persons', () => {
    expect(municipalDefaultWeight(293n, 38_000n)).toBe(11_134_000n);
    expect(municipalDefaultWeight(0n, 38_000n)).toBe(0n);
  });

  it('divides a municipal pool in proportion to score × insured persons', () => {
    // Weights 300 × 10,000 = 3,000,000 and 100 × 10,000 = 1,000,000: 3/4 and 1/4 of 190,000,000.
    const result = allocate({
      poolYen: 190_000_000n,
      ruleVersion: 'municipal/v1',
      recipients: [
        { code: '242021', weight: municipalDefaultWeight(300n, 10_000n) },
        { code: '242039', weight: municipalDefaultWeight(100n, 10_000n) },
      ],
    });
    expect(amountsOf(result)).toEqual({ '242021': 142_500_000n, '242039': 47_500_000n });
  });

  it('rejects a negative score or population', () => {
    expect(() => municipalDefaultWeight(-1n, 10n)).toThrow(InvalidAllocationInput);
    expect(() => municipalDefaultWeight(1n, -10n)).toThrow(expect.objectContaining({ reason: 'NEGATIVE_INSURED_PERSONS' }));
    expect(() => prefecturalDefaultWeight(-5n)).toThrow(expect.objectContaining({ code: 'ALLOCATION.INVALID_INPUT' }));
  });
});

describe('invalid input', () => {
  const valid: AllocationInput = {
    poolYen: 1000n,
    ruleVersion: 'v1',
    recipients: [{ code: 'A', weight: 1n, capYen: 10n }],
  };
  const rejects = (input: unknown, reason: string, field: string) => {
    let caught: unknown;
    try {
      allocate(input as AllocationInput);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidAllocationInput);
    const error = caught as InvalidAllocationInput;
    expect(error).toMatchObject({ code: 'ALLOCATION.INVALID_INPUT', reason, field });
    expect(error.messageJa).toMatch(/[ぁ-んァ-ン一-龯]/);
    expect(error.message).toContain(error.messageEn);
  };

  it('rejects duplicate codes', () =>
    rejects(
      { ...valid, recipients: [...valid.recipients, { code: 'A', weight: 2n }] },
      'DUPLICATE_CODE',
      'recipients[1].code',
    ));
  it('rejects a negative weight', () =>
    rejects({ ...valid, recipients: [{ code: 'A', weight: -1n }] }, 'NEGATIVE_WEIGHT', 'recipients[0].weight'));
  it('rejects a negative cap', () =>
    rejects({ ...valid, recipients: [{ code: 'A', weight: 1n, capYen: -1n }] }, 'NEGATIVE_CAP', 'recipients[0].capYen'));
  it('rejects a negative pool', () => rejects({ ...valid, poolYen: -1n }, 'NEGATIVE_POOL', 'poolYen'));
  it('rejects a unit of zero', () => rejects({ ...valid, unitYen: 0n }, 'NON_POSITIVE_UNIT', 'unitYen'));
  it('rejects a negative unit', () => rejects({ ...valid, unitYen: -1000n }, 'NON_POSITIVE_UNIT', 'unitYen'));
  it('rejects an empty code', () =>
    rejects({ ...valid, recipients: [{ code: '', weight: 1n }] }, 'EMPTY_CODE', 'recipients[0].code'));
  it('rejects an empty rule version', () => rejects({ ...valid, ruleVersion: ' ' }, 'EMPTY_RULE_VERSION', 'ruleVersion'));
  it('rejects a Number where yen must be a BigInt', () => rejects({ ...valid, poolYen: 1000 }, 'NOT_BIGINT', 'poolYen'));
  it('rejects a Number weight', () =>
    rejects({ ...valid, recipients: [{ code: 'A', weight: 1 }] }, 'NOT_BIGINT', 'recipients[0].weight'));
});
