import { allocate, AllocationResult } from './allocation';
import { ALLOCATION_INVARIANTS, checkAllocationInvariants } from './allocation-invariants';
import { AllocationInvariantViolated } from './allocation.errors';

const base = allocate({
  poolYen: 10_000_400n,
  ruleVersion: 'prefectural/v1',
  recipients: [
    { code: '010006', weight: 100n, capYen: 500_000n },
    { code: '020001', weight: 200n, capYen: 2_050_500n },
    { code: '030007', weight: 300n, capYen: 4_000_000n },
    { code: '040002', weight: 400n, capYen: 5_000_000n },
  ],
});

type Tamper = (result: AllocationResult) => AllocationResult;
const editRecipient =
  (index: number, patch: Partial<AllocationResult['recipients'][number]>): Tamper =>
  (result) => ({ ...result, recipients: result.recipients.map((r, i) => (i === index ? { ...r, ...patch } : r)) });

const violates = (tamper: Tamper, invariant: string) => {
  const { invariants: _checked, ...tampered } = tamper(base);
  expect(() => checkAllocationInvariants(tampered)).toThrow(
    expect.objectContaining({ code: 'ALLOCATION.INVARIANT_VIOLATED', invariant }),
  );
};

describe('the invariant check', () => {
  it('passes an untouched result and lists every invariant', () => {
    const { invariants, ...untouched } = base;
    expect(checkAllocationInvariants(untouched)).toEqual(ALLOCATION_INVARIANTS);
    expect(invariants).toEqual(ALLOCATION_INVARIANTS);
  });

  it('catches recipients out of code order', () =>
    violates((r) => ({ ...r, recipients: [...r.recipients].reverse() }), 'OUTPUT_SORTED_BY_UNIQUE_CODE'));

  it('catches a yen lost between placed and unallocated', () =>
    violates((r) => ({ ...r, unallocatedYen: r.unallocatedYen - 1n }), 'POOL_SPLITS_INTO_PLACED_AND_UNALLOCATED'));

  it('catches a placed total that leaves placeable money on the table', () =>
    violates(
      (r) => ({ ...r, placedYen: r.placedYen - 1000n, unallocatedYen: r.unallocatedYen + 1000n }),
      'PLACED_IS_MIN_OF_POOL_AND_CAPS',
    ));

  it('catches amounts that do not foot', () => violates(editRecipient(3, { amountYen: 4_258_000n }), 'AMOUNTS_SUM_TO_PLACED'));

  it('catches a thousand yen moved between uncapped recipients', () =>
    violates(
      (r) => editRecipient(3, { amountYen: 4_258_000n })(editRecipient(2, { amountYen: 3_192_000n })(r)),
      'UNCAPPED_WITHIN_ONE_UNIT_OF_SHARE',
    ));

  it('catches an amount above the cap', () =>
    violates(
      (r) => editRecipient(0, { capYen: 400_000n, effectiveCapYen: 400_000n })(r),
      'NOBODY_EXCEEDS_CAP',
    ));

  it('catches a capped recipient paid less than its cap', () =>
    violates(editRecipient(1, { effectiveCapYen: 2_051_000n, capYen: 2_051_000n }), 'CAPPED_GET_EXACTLY_THEIR_CAP'));

  // 040002's exact share is 4,257,142.857… but a cap of 4,257,000 (paid amount) would have bound it.
  it('catches a recipient wrongly left uncapped', () =>
    violates(editRecipient(3, { capYen: 4_257_100n, effectiveCapYen: 4_257_000n }), 'WATER_LEVEL_SEPARATES_CAPPED'));

  it('catches a wrong exact share', () =>
    violates(editRecipient(2, { exactShareYen: { numerator: 3_192_857n, denominator: 1n } }), 'EXACT_SHARES_MATCH_LEVEL'));

  it('catches a round that lost a capped recipient', () =>
    violates(
      (r) => ({ ...r, rounds: r.rounds.map((round) => (round.round === 2 ? { ...round, cappedCodes: [] } : round)) }),
      'ROUNDS_ACCOUNT_FOR_CAPS',
    ));

  it('throws a typed error that says it is a bug', () => {
    const { invariants: _checked, ...tampered } = { ...base, placedYen: 0n };
    expect(() => checkAllocationInvariants(tampered)).toThrow(AllocationInvariantViolated);
    expect(() => checkAllocationInvariants(tampered)).toThrow(/bug/);
  });
});
