import { AllocationRule } from './allocation-rules';
import { settle, SettlementRecipientInput } from './settlement';

const floorRule: AllocationRule = {
  version: 'test-floor',
  weight: 'score-x-category1-insured',
  rounding: 'floor',
  settlement: 'draft-then-requests',
  components: [{ id: 'A', kind: 'weight-share' }],
};
const largestRemainderRule: AllocationRule = { ...floorRule, version: 'test-largest-remainder', rounding: 'largest-remainder' };

const columns = (result: ReturnType<typeof settle>) =>
  result.recipients.map((r) => ({ code: r.code, draft: r.draftYen, additional: r.additionalYen, final: r.finalYen, capped: r.capped, filled: r.filled }));

describe('settle: 案, 所要見込額, 確定 with 追加交付', () => {
  it('pays the money two recipients leave below their 案 to three with headroom, over two rounds', () => {
    // Pool 10,000千円, weights 1 : 1 : 2 : 2 : 4 (Σ 10), floor to 千円.
    // 案 = pool × w / 10: A 1,000千円, B 1,000千円, C 2,000千円, D 2,000千円, E 4,000千円 (exact, nothing lost).
    // Requests: A 600千円 and B 800.5千円 (floored to 800千円) are below their 案 → 確定 = request;
    //   freed = (1,000 − 600) + (1,000 − 800) = 600千円.
    // Headroom: C 2,100 − 2,000 = 100千円; D none asked (no cap); E 5,000 − 4,000 = 1,000千円.
    // Round 1: 600千円 over C, D, E (weights 2, 2, 4; Σ 8): C 150 > 100 → C filled at 100千円; D 150, E 300 fit.
    // Round 2: 600 − 100 = 500千円 over D, E (2, 4; Σ 6): D 166.666…, E 333.333…; nobody exceeds → last round.
    //   floor: D 166千円, E 333千円; 500 − 499 = 1千円 is the rounding remainder, reported.
    // 確定: A 600, B 800, C 2,100, D 2,166, E 4,333 → Σ 9,999千円; + 1千円 remainder = 10,000千円.
    const recipients: SettlementRecipientInput[] = [
      { code: '010001', weight: 1n, requestYen: 600_000n },
      { code: '010002', weight: 1n, requestYen: 800_500n },
      { code: '010003', weight: 2n, requestYen: 2_100_000n },
      { code: '010004', weight: 2n },
      { code: '010005', weight: 4n, requestYen: 5_000_000n },
    ];
    const result = settle({ poolYen: 10_000_000n, rule: floorRule, recipients });
    expect(columns(result)).toEqual([
      { code: '010001', draft: 1_000_000n, additional: 0n, final: 600_000n, capped: true, filled: false },
      { code: '010002', draft: 1_000_000n, additional: 0n, final: 800_000n, capped: true, filled: false },
      { code: '010003', draft: 2_000_000n, additional: 100_000n, final: 2_100_000n, capped: false, filled: true },
      { code: '010004', draft: 2_000_000n, additional: 166_000n, final: 2_166_000n, capped: false, filled: false },
      { code: '010005', draft: 4_000_000n, additional: 333_000n, final: 4_333_000n, capped: false, filled: false },
    ]);
    expect(result.rounds.map((r) => ({ round: r.round, dividedYen: r.dividedYen, weightTotal: r.weightTotal, cappedCodes: r.cappedCodes }))).toEqual([
      { round: 1, dividedYen: 600_000n, weightTotal: 8n, cappedCodes: ['010003'] },
      { round: 2, dividedYen: 500_000n, weightTotal: 6n, cappedCodes: [] },
    ]);
    expect(result).toMatchObject({ draftYen: 10_000_000n, freedYen: 600_000n, additionalYen: 599_000n, finalYen: 9_999_000n, roundingRemainderYen: 1_000n, unplacedYen: 0n, unallocatedYen: 1_000n });

    // The same input under largest-remainder: round 2 gives D 166.666… → 167 (remainder .666 beats E's .333), E 333.
    const again = settle({ poolYen: 10_000_000n, rule: largestRemainderRule, recipients });
    expect(again.recipients.map((r) => r.finalYen)).toEqual([600_000n, 800_000n, 2_100_000n, 2_167_000n, 4_333_000n]);
    expect(again).toMatchObject({ finalYen: 10_000_000n, roundingRemainderYen: 0n, unallocatedYen: 0n });
  });

  it('floors each amount, or hands the missing units to the largest remainders, on the same input', () => {
    // Pool 10,000千円, weights 1 : 2 : 4 (Σ 7): exact 1,428.571…, 2,857.142…, 5,714.285…千円.
    // floor: 1,428 + 2,857 + 5,714 = 9,999千円; remainder 1千円 reported.
    // largest-remainder: floors 9,999, one unit missing → to the largest remainder (.571, the first): 1,429千円.
    const recipients = [
      { code: '020001', weight: 1n },
      { code: '020002', weight: 2n },
      { code: '020003', weight: 4n },
    ];
    const floored = settle({ poolYen: 10_000_000n, rule: floorRule, recipients });
    expect(floored.recipients.map((r) => r.draftYen)).toEqual([1_428_000n, 2_857_000n, 5_714_000n]);
    expect(floored).toMatchObject({ finalYen: 9_999_000n, roundingRemainderYen: 1_000n, unallocatedYen: 1_000n, freedYen: 0n, rounds: [] });
    const hamilton = settle({ poolYen: 10_000_000n, rule: largestRemainderRule, recipients });
    expect(hamilton.recipients.map((r) => r.draftYen)).toEqual([1_429_000n, 2_857_000n, 5_714_000n]);
    expect(hamilton).toMatchObject({ finalYen: 10_000_000n, roundingRemainderYen: 0n, unallocatedYen: 0n });
  });

  it('adds a transition component C: a floor against the previous amount, out of a reserved budget', () => {
    // Rule: A + C (floor 900‰ of the previous amount, budget 100‰ of the pool), floor rounding.
    // Pool 10,000千円 → C reserves 1,000千円; A divides 9,000千円 by 1 : 2 : 6 (Σ 9): 1,000 / 2,000 / 6,000千円.
    // Floors (90% of previous): X 1,500 → 1,350 (need 350); Y 2,000 → 1,800 ≤ 2,000 (need 0); Z 8,000 → 7,200
    //   (need 1,200). Needs 1,550 > budget 1,000 → pro rata: X 1,000 × 350/1,550 = 225.806… → 225;
    //   Z 1,000 × 1,200/1,550 = 774.193… → 774; 1千円 lost to rounding.
    // 案: X 1,225, Y 2,000, Z 6,774千円 → Σ 9,999 + 1 remainder = 10,000千円.
    const rule: AllocationRule = { ...floorRule, components: [{ id: 'A', kind: 'weight-share' }, { id: 'C', kind: 'transition-floor', floorPermille: 900, budgetPermille: 100 }] };
    const result = settle({
      poolYen: 10_000_000n,
      rule,
      recipients: [
        { code: '030001', weight: 1n, previousAmountYen: 1_500_000n },
        { code: '030002', weight: 2n, previousAmountYen: 2_000_000n },
        { code: '030003', weight: 6n, previousAmountYen: 8_000_000n },
      ],
    });
    expect(result.recipients.map((r) => ({ code: r.code, components: r.components, draft: r.draftYen, final: r.finalYen }))).toEqual([
      { code: '030001', components: { A: 1_000_000n, C: 225_000n }, draft: 1_225_000n, final: 1_225_000n },
      { code: '030002', components: { A: 2_000_000n, C: 0n }, draft: 2_000_000n, final: 2_000_000n },
      { code: '030003', components: { A: 6_000_000n, C: 774_000n }, draft: 6_774_000n, final: 6_774_000n },
    ]);
    expect(result).toMatchObject({ draftYen: 9_999_000n, roundingRemainderYen: 1_000n, unplacedYen: 0n });

    // If Z's previous amount were 6,000千円 (floor 5,400 ≤ 6,000: no need), only X needs 350千円 of the 1,000:
    // X gets it in full and 650千円 of the budget stays unplaced, reported.
    const covered = settle({
      poolYen: 10_000_000n,
      rule,
      recipients: [
        { code: '030001', weight: 1n, previousAmountYen: 1_500_000n },
        { code: '030002', weight: 2n, previousAmountYen: 2_000_000n },
        { code: '030003', weight: 6n, previousAmountYen: 6_000_000n },
      ],
    });
    expect(covered.recipients.map((r) => r.draftYen)).toEqual([1_350_000n, 2_000_000n, 6_000_000n]);
    expect(covered).toMatchObject({ unplacedYen: 650_000n, roundingRemainderYen: 0n, unallocatedYen: 650_000n });
  });

  it('leaves unallocated what no headroom can take', () => {
    // Pool 900千円, weights 1 : 1 : 1 → 案 300千円 each. A asks 100 (frees 200); B asks 350 (headroom 50); C asks 300
    // (no headroom). Round 1: 200 over B alone → B 200 > 50 → filled at 50; nobody left: 150千円 unplaced.
    const result = settle({
      poolYen: 900_000n,
      rule: floorRule,
      recipients: [
        { code: 'A', weight: 1n, requestYen: 100_000n },
        { code: 'B', weight: 1n, requestYen: 350_000n },
        { code: 'C', weight: 1n, requestYen: 300_000n },
      ],
    });
    expect(result.recipients.map((r) => r.finalYen)).toEqual([100_000n, 350_000n, 300_000n]);
    expect(result).toMatchObject({ freedYen: 200_000n, additionalYen: 50_000n, unplacedYen: 150_000n, unallocatedYen: 150_000n });
  });

  it('refuses a rule without exactly one A, a negative request or a negative previous amount', () => {
    expect(() => settle({ poolYen: 1n, rule: { ...floorRule, components: [] }, recipients: [] })).toThrow(expect.objectContaining({ reason: 'INVALID_COMPONENTS' }));
    expect(() => settle({ poolYen: 1n, rule: floorRule, recipients: [{ code: 'A', weight: 1n, requestYen: -1n }] })).toThrow(expect.objectContaining({ reason: 'NEGATIVE_CAP' }));
    expect(() => settle({ poolYen: 1n, rule: floorRule, recipients: [{ code: 'A', weight: 1n, previousAmountYen: -1n }] })).toThrow(
      expect.objectContaining({ reason: 'NEGATIVE_PREVIOUS_AMOUNT' }),
    );
  });
});
