import fc from 'fast-check';
import { refusal } from '../testing/refusal';
import {
  GrantCalculationEvent,
  approveFinalization,
  approveScoreCorrection,
  calculatePools,
  CalculationInputs,
  evolveGrantCalculation,
  initialGrantCalculationState,
  recalculate,
  requestFinalization,
  requestScoreCorrection,
  runTrialCalculation,
} from './grant-calculation';

const inputs: CalculationInputs = {
  fiscalYear: 'FY2024',
  ruleVersion: 'municipal-score-x-insured-v1',
  unitYen: 1000n,
  pools: { suishinMunicipalYen: '10000000', suishinPrefecturalYen: '3000000', shienMunicipalYen: '0', shienPrefecturalYen: '1000000' },
  insurers: [
    { code: '242055', category1InsuredPersons: 30_000, grantScores: { suishin: 300, shien: 300 } },
    { code: '011002', category1InsuredPersons: 10_000, grantScores: { suishin: 300, shien: 100 } },
  ],
  prefectures: [
    { code: '24', grantScores: { suishin: 1000, shien: 500 }, requestedYen: { suishin: 500_000n, shien: 10_000_000n } },
    { code: '01', grantScores: { suishin: 1000, shien: 500 } },
  ],
};

describe('grant calculation of the four pools', () => {
  const { pools, invariants } = calculatePools(inputs);
  const byPool = Object.fromEntries(pools.map((p) => [p.pool, p]));

  it('divides a municipal pool by score × category-1 insured persons (hand-checked)', () => {
    // Weights 300 × 30,000 = 9,000,000 and 300 × 10,000 = 3,000,000: 3/4 and 1/4 of 10,000,000 yen.
    expect(byPool['suishin-municipal'].recipients.map((r) => [r.code, r.weight, r.amountYen])).toEqual([
      ['011002', '3000000', '2500000'],
      ['242055', '9000000', '7500000'],
    ]);
  });

  it('caps a prefecture at its requested amount and gives the freed money to the others', () => {
    // Equal scores would give 1,500,000 each; Mie asked for 500,000, so Hokkaido receives 2,500,000.
    expect(byPool['suishin-prefectural']).toMatchObject({ placedYen: '3000000', unallocatedYen: '0' });
    expect(byPool['suishin-prefectural'].recipients.map((r) => [r.code, r.capped, r.amountYen])).toEqual([
      ['01', false, '2500000'],
      ['24', true, '500000'],
    ]);
  });

  it('places nothing of an empty pool and adds every pool up exactly', () => {
    expect(byPool['shien-municipal']).toMatchObject({ placedYen: '0' });
    for (const pool of pools) {
      const sum = pool.recipients.reduce((total, r) => total + BigInt(r.amountYen), 0n);
      expect(sum).toBe(BigInt(pool.placedYen));
      expect(BigInt(pool.placedYen) + BigInt(pool.unallocatedYen)).toBe(BigInt(pool.poolYen));
    }
    expect(invariants.length).toBeGreaterThan(0);
  });

  it('numbers trials and refuses them before scoring', () => {
    const first = runTrialCalculation(inputs, 'a'.repeat(64), initialGrantCalculationState, 'scored', new Date('2024-12-01T00:00:00Z'));
    const state = evolveGrantCalculation(initialGrantCalculationState, first[0]);
    expect(runTrialCalculation(inputs, 'a'.repeat(64), state, 'scored', new Date('2024-12-02T00:00:00Z'))[0].data.trialNumber).toBe(2);
    expect(refusal(() => runTrialCalculation(inputs, 'a'.repeat(64), state, 'review_completed', new Date()))).toMatchObject({ code: 'CALCULATION.NOT_SCORED', kind: 'conflict' });
  });

  it('does not depend on the order of the recipients', () => {
    const reversed = { ...inputs, insurers: [...inputs.insurers].reverse(), prefectures: [...inputs.prefectures].reverse() };
    expect(calculatePools(reversed)).toEqual(calculatePools(inputs));
  });
});

describe('finalization, corrections and recalculation', () => {
  const at = new Date('2024-12-10T00:00:00Z');
  const fold = (events: readonly GrantCalculationEvent[]) => events.reduce(evolveGrantCalculation, initialGrantCalculationState);
  const trial = runTrialCalculation(inputs, 'a'.repeat(64), initialGrantCalculationState, 'scored', at);
  const requested = [...trial, ...requestFinalization(1, 'admin-a', fold(trial), 'FY2024', at)];
  const finalized = [...requested, ...approveFinalization('admin-b', fold(requested), 'FY2024', at)];

  it('needs a trial, the latest one, and a second person', () => {
    expect(refusal(() => requestFinalization(1, 'admin-a', initialGrantCalculationState, 'FY2024', at)).code).toBe('CALCULATION.NO_TRIAL');
    expect(refusal(() => requestFinalization(2, 'admin-a', fold(trial), 'FY2024', at))).toMatchObject({ code: 'CALCULATION.STALE_TRIAL', field: 'trialNumber' });
    expect(refusal(() => approveFinalization('admin-a', fold(trial), 'FY2024', at)).code).toBe('CALCULATION.NO_REQUEST');
    expect(refusal(() => approveFinalization('admin-a', fold(requested), 'FY2024', at))).toMatchObject({ code: 'CALCULATION.SAME_PERSON', kind: 'forbidden' });
    expect(requestFinalization(1, 'admin-a', fold(requested), 'FY2024', at)).toEqual([]);
  });

  it('freezes the finalized amounts: no more trials or approvals', () => {
    const state = fold(finalized);
    expect(state.finalized).toMatchObject({ trialNumber: 1, requestedBy: 'admin-a', approvedBy: 'admin-b' });
    expect(state.finalized?.pools).toEqual(trial[0].data.pools);
    expect(refusal(() => runTrialCalculation(inputs, 'a'.repeat(64), state, 'scored', at)).code).toBe('CALCULATION.FINALIZED');
    expect(refusal(() => approveFinalization('admin-c', state, 'FY2024', at)).code).toBe('CALCULATION.FINALIZED');
  });

  it('recalculates after a score correction and lists what to pay or recover (返還)', () => {
    const correction = { level: 'municipal', code: '242055', grant: 'suishin', score: 100, reason: '監査で不備が判明', requestedBy: 'admin-a' } as const;
    const scored = new Map([
      ['242055', 300],
      ['011002', 300],
    ]);
    expect(refusal(() => requestScoreCorrection(correction, new Map([['242055', 300]]), 400, fold(trial), 'FY2024', at)).code).toBe('CALCULATION.NOT_FINALIZED');
    const asked = [...finalized, ...requestScoreCorrection(correction, scored, 400, fold(finalized), 'FY2024', at)];
    const corrected = [...asked, ...approveScoreCorrection('1', 'admin-b', fold(asked), at)];
    const [recalculated] = recalculate(inputs, 'b'.repeat(64), fold(corrected), at);
    // Weights become 100 × 30,000 = 3,000,000 and 3,000,000: 5,000,000 each instead of 7,500,000 / 2,500,000.
    expect(recalculated.data.differences).toEqual([
      { pool: 'suishin-municipal', code: '011002', finalAmountYen: '2500000', newAmountYen: '5000000', differenceYen: '2500000' },
      { pool: 'suishin-municipal', code: '242055', finalAmountYen: '7500000', newAmountYen: '5000000', differenceYen: '-2500000' },
    ]);
    const net = recalculated.data.differences.reduce((sum, d) => sum + BigInt(d.differenceYen), 0n);
    expect(net).toBe(0n);
    expect(refusal(() => requestScoreCorrection({ ...correction, code: '999999', score: 1 }, new Map([['242055', 300]]), 400, fold(finalized), 'FY2024', at)).kind).toBe('not_found');
  });
});

describe('calculation properties', () => {
  const recipientScores = fc.record({ suishin: fc.integer({ min: 0, max: 400 }), shien: fc.integer({ min: 0, max: 400 }) });
  const nation = fc.record({
    insurers: fc.uniqueArray(fc.record({ code: fc.integer({ min: 10000, max: 99999 }).map(String), persons: fc.integer({ min: 0, max: 1_000_000 }), scores: recipientScores }), {
      selector: (i) => i.code,
      minLength: 1,
      maxLength: 1741,
    }),
    prefectures: fc.array(fc.record({ scores: recipientScores, requested: fc.option(fc.bigInt({ min: 0n, max: 2_000_000_000n }), { nil: undefined }) }), { minLength: 47, maxLength: 47 }),
    pool: fc.bigInt({ min: 0n, max: 20_000_000_000n }),
  });
  const toInputs = (n: typeof nation extends fc.Arbitrary<infer T> ? T : never): CalculationInputs => ({
    ...inputs,
    pools: { suishinMunicipalYen: n.pool.toString(), suishinPrefecturalYen: (n.pool / 19n).toString(), shienMunicipalYen: n.pool.toString(), shienPrefecturalYen: (n.pool / 20n).toString() },
    insurers: n.insurers.map((i) => ({ code: `0${i.code}`, category1InsuredPersons: i.persons, grantScores: i.scores })),
    prefectures: n.prefectures.map((p, k) => ({
      code: String(k + 1).padStart(2, '0'),
      grantScores: p.scores,
      ...(p.requested !== undefined && { requestedYen: { suishin: p.requested, shien: p.requested / 2n } }),
    })),
  });

  it('gives identical events for identical inputs, and every pool adds up exactly within its caps', () => {
    fc.assert(
      fc.property(nation, (n) => {
        const at = new Date('2024-12-01T00:00:00Z');
        const a = runTrialCalculation(toInputs(n), 'c'.repeat(64), initialGrantCalculationState, 'scored', at);
        const b = runTrialCalculation(toInputs(n), 'c'.repeat(64), initialGrantCalculationState, 'scored', at);
        expect(JSON.stringify(a)).toBe(JSON.stringify(b));
        for (const pool of a[0].data.pools) {
          const sum = pool.recipients.reduce((total, r) => total + BigInt(r.amountYen), 0n);
          expect(sum).toBe(BigInt(pool.placedYen));
          for (const r of pool.recipients) if (r.capYen !== null) expect(BigInt(r.amountYen) <= BigInt(r.capYen)).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('grant calculation under the rule table', () => {
  it('keeps the recorded rule versions single-pass largest-remainder, with no new fields', () => {
    for (const ruleVersion of ['municipal-score-x-insured-v1', 'v1']) {
      const { pools } = calculatePools({ ...inputs, ruleVersion });
      expect(pools).toEqual(calculatePools(inputs).pools);
      for (const pool of pools) {
        expect(pool.draftYen).toBeUndefined();
        for (const r of pool.recipients) expect(r.draftYen).toBeUndefined();
      }
    }
  });

  it('under mhlw-fy2024-v1 records 案, 追加交付 and 確定 per recipient, with municipal requests as caps', () => {
    // 推進 municipal 10,000千円, weights 9,000,000 : 3,000,000 → 案 7,500 / 2,500千円.
    // 011002 asks 1,000.4千円 (floored to 1,000千円, below its 案): 確定 1,000千円, 1,500千円 freed;
    // 242055 made no request: 追加交付 1,500千円, 確定 9,000千円.
    const { pools, invariants } = calculatePools({
      ...inputs,
      ruleVersion: 'mhlw-fy2024-v1',
      insurers: [inputs.insurers[0], { ...inputs.insurers[1], requestedYen: { suishin: 1_000_400n, shien: 5_000_000n } }],
    });
    const suishin = pools.find((p) => p.pool === 'suishin-municipal')!;
    expect(suishin.recipients.map((r) => [r.code, r.draftYen, r.additionalYen, r.amountYen, r.capped, r.components])).toEqual([
      ['011002', '2500000', '0', '1000000', true, { A: '2500000' }],
      ['242055', '7500000', '1500000', '9000000', false, { A: '7500000' }],
    ]);
    expect(suishin).toMatchObject({ rounding: 'floor', draftYen: '10000000', freedYen: '1500000', additionalYen: '1500000', placedYen: '10000000', unallocatedYen: '0', rounds: 1 });
    // 推進 prefectural 3,000千円 by equal scores → 案 1,500 each; Mie asks 500 → 1,000 freed to Hokkaido (no request).
    const prefectural = pools.find((p) => p.pool === 'suishin-prefectural')!;
    expect(prefectural.recipients.map((r) => [r.code, r.draftYen, r.additionalYen, r.amountYen])).toEqual([
      ['01', '1500000', '1000000', '2500000'],
      ['24', '1500000', '0', '500000'],
    ]);
    expect(invariants).toContain('SETTLEMENT_ACCOUNTS_FOR_POOL');
  });
});
