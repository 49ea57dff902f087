import { deciderSpecification } from '../testing/decider-specification';
import type { Phase } from '../fiscal-year/fiscal-year';
import { CalculationInputs, calculatePools, GrantCalculationEvent, GrantTrialCalculated } from './grant-calculation';
import { GrantCalculationCommand, grantCalculationDecider } from './grant-calculation.decider';

const { given } = deciderSpecification(grantCalculationDecider);

const fiscalYear = 'FY2024';
const at = new Date('2024-12-10T00:00:00.000Z');
const inputs: CalculationInputs = {
  fiscalYear,
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
const inputsSha256 = 'a'.repeat(64);
/** The recipients as scored in 推進: 300 points each; the municipal 推進 grant is worth 400 points. */
const scored = new Map([
  ['242055', 300],
  ['011002', 300],
]);
const MAXIMUM = 400;
const reason = '監査で根拠資料の不備が判明';

const runTrial = (phase: 'scored' | 'allocated' | 'review_completed' = 'scored'): GrantCalculationCommand => ({ type: 'RunTrialCalculation', fiscalYear, now: at, inputs, inputsSha256, phase });
const request = (trialNumber: number, requestedBy = 'admin-a'): GrantCalculationCommand => ({ type: 'RequestFinalization', fiscalYear, now: at, trialNumber, requestedBy });
const approve = (approvedBy = 'admin-b'): GrantCalculationCommand => ({ type: 'ApproveFinalization', fiscalYear, now: at, approvedBy });
const askCorrection = (code: string, score: number, requestedBy = 'admin-a'): GrantCalculationCommand => ({
  type: 'RequestScoreCorrection',
  fiscalYear,
  now: at,
  correction: { level: 'municipal', code, grant: 'suishin', score, reason, requestedBy },
  recorded: scored,
  maximum: MAXIMUM,
});
const approveCorrection = (correctionId: string, approvedBy = 'admin-b'): GrantCalculationCommand => ({ type: 'ApproveScoreCorrection', fiscalYear, now: at, correctionId, approvedBy });
const recalculateWith = (): GrantCalculationCommand => ({ type: 'Recalculate', fiscalYear, now: at, inputs, inputsSha256: 'b'.repeat(64) });

const { pools, invariants } = calculatePools(inputs);
const trialCalculated = (trialNumber: number): GrantTrialCalculated => ({
  type: 'GrantTrialCalculated',
  data: { fiscalYear, trialNumber, inputsSha256, ruleVersion: inputs.ruleVersion, unitYen: '1000', pools, invariants, calculatedAt: at.toISOString() },
});
const requested = (trialNumber: number, requestedBy = 'admin-a'): GrantCalculationEvent => ({
  type: 'FinalizationRequested',
  data: { fiscalYear, trialNumber, requestedBy, requestedAt: at.toISOString() },
});
const finalized = (trialNumber: number): GrantCalculationEvent => ({
  type: 'GrantsFinalized',
  data: { fiscalYear, trialNumber, inputsSha256, requestedBy: 'admin-a', approvedBy: 'admin-b', pools, finalizedAt: at.toISOString() },
});
/** A correction recorded in one step, as recorded before the two-person rule (the reason in the metadata). */
const corrected = (code: string, score: number): GrantCalculationEvent => ({
  type: 'ScoreCorrected',
  data: { fiscalYear, level: 'municipal', code, grant: 'suishin', score, correctedAt: at.toISOString() },
});
const correctionRequested = (correctionId: string, code: string, previousScore: number, score: number, requestedBy = 'admin-a'): GrantCalculationEvent => ({
  type: 'ScoreCorrectionRequested',
  data: { fiscalYear, correctionId, level: 'municipal', code, grant: 'suishin', previousScore, score, reason, requestedBy, requestedAt: at.toISOString() },
});
const correctionApproved = (correctionId: string, code: string, previousScore: number, score: number, approvedBy = 'admin-b'): GrantCalculationEvent => ({
  type: 'ScoreCorrected',
  data: { fiscalYear, level: 'municipal', code, grant: 'suishin', score, correctedAt: at.toISOString(), correctionId, previousScore, reason, requestedBy: 'admin-a', approvedBy },
});

const oneTrial = [trialCalculated(1)];
const twoTrials = [trialCalculated(1), trialCalculated(2)];
const finalizedYear = [...twoTrials, requested(2), finalized(2)];

describe('trial calculations (試算)', () => {
  it('numbers the first trial 1 and records the four pools with the inputs’ hash', () => {
    given([]).when(runTrial()).then([trialCalculated(1)]);
  });

  it('numbers a later trial after the last one, as long as the year is not finalized', () => {
    given(oneTrial).when(runTrial('allocated')).then([trialCalculated(2)]);
  });

  it('refuses a trial before the year is scored', () => {
    given([]).when(runTrial('review_completed')).thenThrows('CALCULATION.NOT_SCORED', 'conflict');
  });

  it('refuses a trial once the grants are finalized', () => {
    given(finalizedYear).when(runTrial()).thenThrows('CALCULATION.FINALIZED', 'conflict');
  });
});

describe('finalization by two people (起案 and 決裁)', () => {
  it('records the request of the latest trial', () => {
    given(twoTrials).when(request(2)).then([requested(2)]);
  });

  it('refuses a request before any trial', () => {
    given([]).when(request(1)).thenThrows('CALCULATION.NO_TRIAL', 'conflict');
  });

  it('refuses to finalize a stale trial, naming the latest one', () => {
    const refusal = given(twoTrials).when(request(1)).thenThrows('CALCULATION.STALE_TRIAL', 'conflict', 'trialNumber');
    expect(refusal.details).toEqual({ latest: 2 });
  });

  it('does nothing when the same person asks again for the same trial', () => {
    given([...twoTrials, requested(2)]).when(request(2)).thenNothingHappened();
  });

  it('records a second request by another person', () => {
    given([...twoTrials, requested(2)]).when(request(2, 'admin-c')).then([requested(2, 'admin-c')]);
  });

  it('refuses an approval nobody asked for', () => {
    given(twoTrials).when(approve()).thenThrows('CALCULATION.NO_REQUEST', 'conflict');
  });

  it('refuses an approval by the person who asked (two-person rule)', () => {
    given([...twoTrials, requested(2)]).when(approve('admin-a')).thenThrows('CALCULATION.SAME_PERSON', 'forbidden');
  });

  describe('the two-person rule compares a stable identity: the subject at its token issuer', () => {
    const IDP = 'https://idp.mhlw.example.jp';
    const OTHER = 'https://idp.other.example.jp';
    const requestedAt = (issuer?: string): GrantCalculationEvent => ({
      type: 'FinalizationRequested',
      data: { fiscalYear, trialNumber: 2, requestedBy: 'admin-a', ...(issuer !== undefined && { requestedByIssuer: issuer }), requestedAt: at.toISOString() },
    });
    const approveAs = (approvedBy: string, approvedByIssuer?: string): GrantCalculationCommand => ({ type: 'ApproveFinalization', fiscalYear, now: at, approvedBy, approvedByIssuer });

    it('refuses the same subject at the same issuer', () => {
      given([...twoTrials, requestedAt(IDP)]).when(approveAs('admin-a', IDP)).thenThrows('CALCULATION.SAME_PERSON', 'forbidden');
    });

    it('records the issuer of the request and lets the same subject of another issuer (another person) approve', () => {
      given(twoTrials)
        .when({ type: 'RequestFinalization', fiscalYear, now: at, trialNumber: 2, requestedBy: 'admin-a', requestedByIssuer: IDP })
        .then([requestedAt(IDP)]);
      given([...twoTrials, requestedAt(IDP)])
        .when(approveAs('admin-a', OTHER))
        .then([{ type: 'GrantsFinalized', data: { fiscalYear, trialNumber: 2, inputsSha256, requestedBy: 'admin-a', approvedBy: 'admin-a', requestedByIssuer: IDP, approvedByIssuer: OTHER, pools, finalizedAt: at.toISOString() } }]);
    });

    it('counts a request recorded before issuers were (no issuer) as the same issuer: refused, never waved through', () => {
      given([...twoTrials, requestedAt()]).when(approveAs('admin-a', IDP)).thenThrows('CALCULATION.SAME_PERSON', 'forbidden');
    });

    it('applies the same comparison to score corrections', () => {
      const asked: GrantCalculationEvent = {
        type: 'ScoreCorrectionRequested',
        data: { fiscalYear, correctionId: '1', level: 'municipal', code: '242055', grant: 'suishin', previousScore: 300, score: 100, reason, requestedBy: 'admin-a', requestedByIssuer: IDP, requestedAt: at.toISOString() },
      };
      const approveCorrectionAs = (approvedByIssuer: string): GrantCalculationCommand => ({ type: 'ApproveScoreCorrection', fiscalYear, now: at, correctionId: '1', approvedBy: 'admin-a', approvedByIssuer });
      given([...finalizedYear, asked]).when(approveCorrectionAs(IDP)).thenThrows('CALCULATION.SAME_PERSON', 'forbidden');
      given([...finalizedYear, asked])
        .when(approveCorrectionAs(OTHER))
        .then([
          {
            type: 'ScoreCorrected',
            data: { fiscalYear, level: 'municipal', code: '242055', grant: 'suishin', score: 100, correctedAt: at.toISOString(), correctionId: '1', previousScore: 300, reason, requestedBy: 'admin-a', approvedBy: 'admin-a', requestedByIssuer: IDP, approvedByIssuer: OTHER },
          },
        ]);
    });
  });

  it('freezes the latest trial’s amounts when a second administrator approves', () => {
    given([...twoTrials, requested(2)]).when(approve()).then([finalized(2)]);
  });

  it('refuses a request or an approval once the grants are finalized', () => {
    given(finalizedYear).when(request(2)).thenThrows('CALCULATION.FINALIZED', 'conflict');
    given(finalizedYear).when(approve('admin-c')).thenThrows('CALCULATION.FINALIZED', 'conflict');
  });
});

describe('score corrections and recalculations (訂正 and 再算定)', () => {
  it('refuses a correction before finalization: answers are corrected in the review instead', () => {
    given(twoTrials).when(askCorrection('242055', 100)).thenThrows('CALCULATION.NOT_FINALIZED', 'conflict');
  });

  it('records a requested correction of a recipient after finalization, numbered, with the score in force and the new one', () => {
    given(finalizedYear).when(askCorrection('242055', 100)).then([correctionRequested('1', '242055', 300, 100)]);
  });

  it('numbers a second request after the first, and starts from the last approved correction', () => {
    given([...finalizedYear, correctionRequested('1', '242055', 300, 100), correctionApproved('1', '242055', 300, 100)])
      .when(askCorrection('242055', 50))
      .then([correctionRequested('2', '242055', 100, 50)]);
  });

  it('starts from a correction recorded in one step before the two-person rule', () => {
    given([...finalizedYear, corrected('242055', 120)]).when(askCorrection('242055', 50)).then([correctionRequested('1', '242055', 120, 50)]);
  });

  it('refuses a correction of a code that is not a recipient', () => {
    given(finalizedYear).when(askCorrection('999999', 1)).thenThrows('CALCULATION.UNKNOWN_RECIPIENT', 'not_found', 'code');
  });

  it('refuses a score above the grant’s maximum, naming the maximum (900 on a 400-point grant)', () => {
    const refusal = given(finalizedYear).when(askCorrection('242055', 900)).thenThrows('CALCULATION.SCORE_OUT_OF_RANGE', 'invalid', 'score');
    expect(refusal.details).toEqual({ score: 900, maximum: 400 });
    expect(refusal.message).toContain('400');
  });

  it('takes the maximum itself and 0, and refuses a negative or fractional score', () => {
    given(finalizedYear).when(askCorrection('242055', 400)).then([correctionRequested('1', '242055', 300, 400)]);
    given(finalizedYear).when(askCorrection('242055', 0)).then([correctionRequested('1', '242055', 300, 0)]);
    given(finalizedYear).when(askCorrection('242055', 401)).thenThrows('CALCULATION.SCORE_OUT_OF_RANGE', 'invalid', 'score');
    given(finalizedYear).when(askCorrection('242055', -1)).thenThrows('CALCULATION.SCORE_OUT_OF_RANGE', 'invalid', 'score');
    given(finalizedYear).when(askCorrection('242055', 12.5)).thenThrows('CALCULATION.SCORE_OUT_OF_RANGE', 'invalid', 'score');
  });

  it('corrects the score when a second administrator approves the request by its id', () => {
    given([...finalizedYear, correctionRequested('1', '242055', 300, 100)])
      .when(approveCorrection('1'))
      .then([correctionApproved('1', '242055', 300, 100)]);
  });

  it('refuses an approval by the person who asked (two-person rule)', () => {
    given([...finalizedYear, correctionRequested('1', '242055', 300, 100)]).when(approveCorrection('1', 'admin-a')).thenThrows('CALCULATION.SAME_PERSON', 'forbidden');
  });

  it('refuses an approval before finalization', () => {
    given(twoTrials).when(approveCorrection('1')).thenThrows('CALCULATION.NOT_FINALIZED', 'conflict');
  });

  it('refuses to approve an id nobody asked for, and one already approved', () => {
    given([...finalizedYear, correctionRequested('1', '242055', 300, 100)]).when(approveCorrection('2')).thenThrows('CALCULATION.UNKNOWN_CORRECTION', 'not_found', 'correctionId');
    given([...finalizedYear, correctionRequested('1', '242055', 300, 100), correctionApproved('1', '242055', 300, 100)])
      .when(approveCorrection('1', 'admin-c'))
      .thenThrows('CALCULATION.CORRECTION_APPROVED', 'conflict', 'correctionId');
  });

  it('refuses a request whose score in force changed since it was asked for', () => {
    const refusal = given([
      ...finalizedYear,
      correctionRequested('1', '242055', 300, 100),
      correctionRequested('2', '242055', 300, 200),
      correctionApproved('2', '242055', 300, 200),
    ])
      .when(approveCorrection('1'))
      .thenThrows('CALCULATION.STALE_CORRECTION', 'conflict', 'correctionId');
    expect(refusal.details).toEqual({ previousScore: 300, inForce: 200 });
  });

  it('keeps requests pending until approved, and corrections only once approved', () => {
    const state = [...finalizedYear, correctionRequested('1', '242055', 300, 100), correctionRequested('2', '011002', 300, 0)].reduce(
      grantCalculationDecider.evolve,
      grantCalculationDecider.initialState,
    );
    expect(Object.keys(state.pendingCorrections)).toEqual(['1', '2']);
    expect(state.corrections).toEqual({});
    const approved = grantCalculationDecider.evolve(state, correctionApproved('1', '242055', 300, 100));
    expect(Object.keys(approved.pendingCorrections)).toEqual(['2']);
    expect(approved.corrections).toEqual({ 'municipal/242055/suishin': 100 });
    expect(approved.approvedCorrections).toEqual({ 1: 'admin-b' });
  });

  it('refuses a recalculation before finalization', () => {
    given(twoTrials).when(recalculateWith()).thenThrows('CALCULATION.NOT_FINALIZED', 'conflict');
  });

  it('recalculates with the corrections and lists what each recipient is paid or pays back (返還)', () => {
    given([...finalizedYear, correctionRequested('1', '242055', 300, 100), correctionApproved('1', '242055', 300, 100)])
      .when(recalculateWith())
      .then(([event]) => {
        // Weights become 100 × 30,000 = 3,000,000 and 300 × 10,000 = 3,000,000: 5,000,000 each instead of 7,500,000 / 2,500,000.
        expect(event).toMatchObject({
          type: 'GrantsRecalculated',
          data: {
            recalculationNumber: 1,
            finalTrialNumber: 2,
            inputsSha256: 'b'.repeat(64),
            differences: [
              { pool: 'suishin-municipal', code: '011002', finalAmountYen: '2500000', newAmountYen: '5000000', differenceYen: '2500000' },
              { pool: 'suishin-municipal', code: '242055', finalAmountYen: '7500000', newAmountYen: '5000000', differenceYen: '-2500000' },
            ],
          },
        });
      });
  });

  it('numbers a second recalculation after the first', () => {
    const [first] = grantCalculationDecider.decide(recalculateWith(), [...finalizedYear, corrected('242055', 100)].reduce(grantCalculationDecider.evolve, grantCalculationDecider.initialState));
    given([...finalizedYear, corrected('242055', 100), first, corrected('011002', 0)])
      .when(recalculateWith())
      .then(([event]) => expect(event).toMatchObject({ type: 'GrantsRecalculated', data: { recalculationNumber: 2, finalTrialNumber: 2 } }));
  });
});

describe('内示 (PublishDraft)', () => {
  const publish = (trialNumber: number, phase: 'scored' | 'allocated' | 'review_completed' = 'allocated'): GrantCalculationCommand => ({ type: 'PublishDraft', fiscalYear, now: at, trialNumber, publishedBy: 'admin-a', phase });
  const published = (trialNumber: number): GrantCalculationEvent => ({ type: 'DraftPublished', data: { fiscalYear, trialNumber, inputsSha256, publishedBy: 'admin-a', publishedAt: at.toISOString() } });

  it('publishes the latest trial as the draft', () => {
    given(twoTrials).when(publish(2)).then([published(2)]);
    given(oneTrial).when(publish(1, 'scored')).then([published(1)]);
  });

  it('keeps the published trial’s amounts as the draft, also after a later trial', () => {
    const state = [...oneTrial, published(1), trialCalculated(2)].reduce(grantCalculationDecider.evolve, grantCalculationDecider.initialState);
    expect(state.draft).toEqual({ trialNumber: 1, inputsSha256, publishedBy: 'admin-a', publishedAt: at.toISOString(), pools });
  });

  it('treats publishing the same trial again as a retry', () => {
    given([...oneTrial, published(1)]).when(publish(1)).thenNothingHappened();
  });

  it('refuses before any trial, a trial that is not the latest, before scoring and after finalization', () => {
    given([]).when(publish(1)).thenThrows('CALCULATION.NO_TRIAL', 'conflict');
    given(twoTrials).when(publish(1)).thenThrows('CALCULATION.STALE_TRIAL', 'conflict');
    given(oneTrial).when(publish(1, 'review_completed')).thenThrows('CALCULATION.NOT_SCORED', 'conflict');
    given(finalizedYear).when(publish(2)).thenThrows('CALCULATION.FINALIZED', 'conflict');
  });
});

describe('確定 with 追加交付 in a settlement year (mhlw-fy2024-v1): the settlement under the requests, then a second administrator', () => {
  /** Two municipalities: 242055 asks for 1,000,000 yen of 推進, far below its 案; 011002 makes no request. */
  const settlementInputs: CalculationInputs = {
    ...inputs,
    ruleVersion: 'mhlw-fy2024-v1',
    insurers: [
      { ...inputs.insurers[0], requestedYen: { suishin: 1_000_000n, shien: 0n } },
      { ...inputs.insurers[1] },
    ],
  };
  const settledSha = 'd'.repeat(64);
  const settle = (phase: Phase = 'requests_closed', requestedBy = 'admin-a'): GrantCalculationCommand => ({
    type: 'RequestFinalization',
    fiscalYear,
    now: at,
    requestedBy,
    settlement: { inputs: settlementInputs, inputsSha256: settledSha, phase },
  });
  const settled = calculatePools(settlementInputs);
  const settlementTrial = (trialNumber: number): GrantTrialCalculated => ({
    type: 'GrantTrialCalculated',
    data: { fiscalYear, trialNumber, inputsSha256: settledSha, ruleVersion: 'mhlw-fy2024-v1', unitYen: '1000', pools: settled.pools, invariants: settled.invariants, calculatedAt: at.toISOString() },
  });

  it('runs the settlement as a trial and asks for it in one step; its 追加交付 reaches the recipient without a cap', () => {
    const [trial] = given(oneTrial).when(settle()).then([settlementTrial(2), requested(2)]);
    const suishin = (trial as GrantTrialCalculated).data.pools.find((p) => p.pool === 'suishin-municipal')!;
    const capped = suishin.recipients.find((r) => r.code === '242055')!;
    const other = suishin.recipients.find((r) => r.code === '011002')!;
    expect(capped.amountYen).toBe('1000000');
    expect(BigInt(other.additionalYen!)).toBeGreaterThan(0n);
    expect(BigInt(other.amountYen)).toBe(BigInt(other.draftYen!) + BigInt(other.additionalYen!));
    expect(BigInt(suishin.additionalYen!)).toBe(BigInt(other.additionalYen!));
  });

  it('asks for the latest trial when it already settled exactly these inputs', () => {
    given([settlementTrial(1)]).when(settle()).then([requested(1)]);
  });

  it('refuses before the window has closed (409 CALCULATION.REQUESTS_NOT_CLOSED) and after finalization', () => {
    for (const phase of ['scored', 'draft_published', 'requests_open'] as const) {
      given(oneTrial).when(settle(phase)).thenThrows('CALCULATION.REQUESTS_NOT_CLOSED', 'conflict');
    }
    given(finalizedYear).when(settle()).thenThrows('CALCULATION.FINALIZED', 'conflict');
  });

  it('is approved by a second administrator only, who finalizes the settled amounts (追加交付 included)', () => {
    const asked = [...oneTrial, settlementTrial(2), requested(2)];
    given(asked).when(approve('admin-a')).thenThrows('CALCULATION.SAME_PERSON', 'forbidden');
    given(asked)
      .when(approve('admin-b'))
      .then(([event]) => expect(event).toEqual({ type: 'GrantsFinalized', data: { fiscalYear, trialNumber: 2, inputsSha256: settledSha, requestedBy: 'admin-a', approvedBy: 'admin-b', pools: settled.pools, finalizedAt: at.toISOString() } }));
  });

  it('runs no trial between 内示 and the close of requests', () => {
    for (const phase of ['draft_published', 'requests_open'] as const) {
      given(oneTrial).when({ type: 'RunTrialCalculation', fiscalYear, now: at, inputs, inputsSha256, phase }).thenThrows('CALCULATION.NOT_SCORED', 'conflict');
    }
    given(oneTrial).when({ type: 'RunTrialCalculation', fiscalYear, now: at, inputs, inputsSha256, phase: 'requests_closed' }).then(([event]) => expect(event).toMatchObject({ data: { trialNumber: 2 } }));
  });

  it('still needs the trial number in a single-pass year', () => {
    given(oneTrial).when({ type: 'RequestFinalization', fiscalYear, now: at, requestedBy: 'admin-a' }).thenThrows('VALIDATION.INVALID_FIELD', 'invalid', 'trialNumber');
  });
});
