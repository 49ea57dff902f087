import fc from 'fast-check';
import { allocate } from './allocation';
import { AllocationRule } from './allocation-rules';
import { settle, SettlementInput } from './settlement';

/*
 * Properties of 案 → 確定 with 追加交付: up to 60 recipients, pools up to 2e10 yen, requests drawn around
 * each recipient's equal share so that many fall below their 案 and many have headroom; both roundings; C sometimes.
 */

const MAX_POOL_YEN = 20_000_000_000n;
const codeArb = fc.integer({ min: 10_000, max: 479_999 }).map((n) => n.toString().padStart(6, '0'));

const ruleArb: fc.Arbitrary<AllocationRule> = fc
  .record({
    rounding: fc.constantFrom('floor' as const, 'largest-remainder' as const),
    transition: fc.option(fc.record({ floorPermille: fc.integer({ min: 0, max: 1200 }), budgetPermille: fc.integer({ min: 0, max: 300 }) }), { nil: undefined }),
  })
  .map(({ rounding, transition }) => ({
    version: 'property/v1',
    weight: 'score-x-category1-insured',
    rounding,
    settlement: 'draft-then-requests',
    components: transition ? [{ id: 'A', kind: 'weight-share' }, { id: 'C', kind: 'transition-floor', ...transition }] : [{ id: 'A', kind: 'weight-share' }],
  }));

const inputArb: fc.Arbitrary<SettlementInput> = fc
  .tuple(fc.bigInt(0n, MAX_POOL_YEN), fc.constantFrom(1n, 7n, 1000n), ruleArb, fc.integer({ min: 0, max: 60 }))
  .chain(([poolYen, unitYen, rule, n]) => {
    const fair = n === 0 ? 0n : poolYen / BigInt(n);
    const recipient = fc.record({
      code: codeArb,
      weight: fc.oneof({ arbitrary: fc.constant(0n), weight: 1 }, { arbitrary: fc.bigInt(0n, 1_000_000_000_000n), weight: 6 }),
      requestYen: fc.option(fc.integer({ min: 0, max: 3000 }).map((perMille) => (fair * BigInt(perMille)) / 1000n), { nil: undefined, freq: 3 }),
      previousAmountYen: fc.option(fc.integer({ min: 0, max: 3000 }).map((perMille) => (fair * BigInt(perMille)) / 1000n), { nil: undefined }),
    });
    return fc.record({
      poolYen: fc.constant(poolYen),
      unitYen: fc.constant(unitYen),
      rule: fc.constant(rule),
      recipients: fc.uniqueArray(recipient, { selector: (r) => r.code, minLength: n, maxLength: n }),
    });
  });

const RUNS = { numRuns: 300 };

describe('settle, properties', () => {
  it('a capped recipient gets exactly its request; nobody gets more than its request', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        for (const r of settle(input).recipients) {
          if (r.capped) expect(r.finalYen).toBe(r.effectiveRequestYen);
          if (r.effectiveRequestYen !== null) expect(r.finalYen).toBeLessThanOrEqual(r.effectiveRequestYen);
        }
      }),
      RUNS,
    );
  });

  it('案 + 追加交付 = 確定 for the uncapped; the capped get no 追加交付', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        for (const r of settle(input).recipients) {
          if (r.capped) expect(r.additionalYen).toBe(0n);
          else expect(r.draftYen + r.additionalYen).toBe(r.finalYen);
        }
      }),
      RUNS,
    );
  });

  it('Σ確定 + unplaced + rounding remainders = pool, and the freed money is paid or unplaced', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = settle(input);
        const sum = result.recipients.reduce((s, r) => s + r.finalYen, 0n);
        expect(sum).toBe(result.finalYen);
        expect(sum + result.unplacedYen + result.roundingRemainderYen).toBe(input.poolYen);
        expect(result.unallocatedYen).toBe(result.unplacedYen + result.roundingRemainderYen);
        expect(result.additionalYen).toBeLessThanOrEqual(result.freedYen);
        for (const r of result.recipients) expect(r.finalYen % result.unitYen).toBe(0n);
        if (input.rule.rounding === 'largest-remainder' && input.rule.components.length === 1) {
          // Hamilton loses less than one unit in the draft and less than one in 追加交付.
          expect(result.roundingRemainderYen).toBeLessThan(2n * result.unitYen);
        }
      }),
      RUNS,
    );
  });

  it('no uncapped recipient with headroom ends below its share of the money left', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = settle(input);
        const last = result.rounds.at(-1);
        if (!last || last.cappedCodes.length > 0) return; // nothing freed, or every headroom filled
        for (const r of result.recipients) {
          const hasHeadroom = r.weight > 0n && !r.capped && (r.effectiveRequestYen === null || r.effectiveRequestYen > r.draftYen);
          if (!hasHeadroom || r.filled) continue;
          // share of the money left = last.dividedYen × weight / last.weightTotal; 追加交付 is within one unit below it
          expect((r.additionalYen + result.unitYen) * last.weightTotal).toBeGreaterThan(last.dividedYen * r.weight);
          // … and a filled recipient's headroom was below its share in the round that filled it (water level).
        }
        for (const r of result.recipients.filter((x) => x.filled)) {
          expect(r.additionalYen * last.weightTotal).toBeLessThan(last.dividedYen * r.weight);
        }
      }),
      RUNS,
    );
  });

  it('is deterministic and independent of the recipients’ order', () => {
    fc.assert(
      fc.property(inputArb, fc.integer(), (input, seed) => {
        const shuffled = [...input.recipients].sort((a, b) => ((hash(a.code, seed) - hash(b.code, seed)) | 0));
        const first = settle(input);
        expect(settle(input)).toEqual(first);
        expect(settle({ ...input, recipients: shuffled })).toEqual(first);
      }),
      { numRuns: 150 },
    );
  });

  it('under largest-remainder with A alone and no requests, pays what the single-pass allocation pays', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const rule: AllocationRule = { ...input.rule, rounding: 'largest-remainder', components: [{ id: 'A', kind: 'weight-share' }] };
        const recipients = input.recipients.map(({ code, weight }) => ({ code, weight }));
        const staged = settle({ ...input, rule, recipients });
        const single = allocate({ poolYen: input.poolYen, unitYen: input.unitYen, recipients, ruleVersion: 'property/v1' });
        expect(staged.recipients.map((r) => r.finalYen)).toEqual(single.recipients.map((r) => r.amountYen));
        expect(staged.unallocatedYen).toBe(single.unallocatedYen);
      }),
      RUNS,
    );
  });
});

function hash(code: string, seed: number): number {
  let h = seed | 0;
  for (let i = 0; i < code.length; i++) h = Math.imul(h ^ code.charCodeAt(i), 2654435761);
  return h;
}
