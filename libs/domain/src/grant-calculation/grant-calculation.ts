import { allocate, AllocationResult, allocationRuleOf, EXACT_SHARE_DISPLAY_DECIMALS, municipalDefaultWeight, prefecturalDefaultWeight, settle, SettlementResult, toDecimalString } from '../allocation';
import { DomainError } from '../domain-error';
import { PersonRef, samePerson } from '../identity';
import { FiscalYearLabel, Phase, PHASE_TITLES, Pools } from '../fiscal-year/fiscal-year';
import { TRIAL_PHASES } from '../fiscal-year/workflow';
import { Framework, GrantId } from '../framework/framework';
import type { DraftPublished, PublishedDraft } from './draft';

/** The four pools of a fiscal year: {推進, 支援} × {municipal, prefectural}. */
export const POOLS = [
  { pool: 'suishin-municipal', grant: 'suishin', level: 'municipal', key: 'suishinMunicipalYen' },
  { pool: 'suishin-prefectural', grant: 'suishin', level: 'prefectural', key: 'suishinPrefecturalYen' },
  { pool: 'shien-municipal', grant: 'shien', level: 'municipal', key: 'shienMunicipalYen' },
  { pool: 'shien-prefectural', grant: 'shien', level: 'prefectural', key: 'shienPrefecturalYen' },
] as const satisfies readonly { pool: string; grant: GrantId; level: 'municipal' | 'prefectural'; key: keyof Pools }[];
export type PoolId = (typeof POOLS)[number]['pool'];

/** Everything a calculation depends on, gathered from the recorded scores, the register and the prefectures. */
export interface CalculationInputs {
  readonly fiscalYear: FiscalYearLabel;
  readonly ruleVersion: string;
  readonly unitYen: bigint;
  readonly pools: Pools;
  readonly insurers: readonly {
    readonly code: string;
    readonly category1InsuredPersons: number;
    readonly grantScores: Readonly<Record<GrantId, number>>;
    /** 所要見込額 per grant after 内示, in yen; absent: no request (no cap). */
    readonly requestedYen?: Readonly<Record<GrantId, bigint>>;
    /** The previous amount per grant, in yen, for a transition component (C); absent: none. */
    readonly previousAmountYen?: Readonly<Record<GrantId, bigint>>;
  }[];
  readonly prefectures: readonly {
    readonly code: string;
    readonly grantScores: Readonly<Record<GrantId, number>>;
    /** 所要見込額 per grant, in yen; absent when the prefecture did not submit one (no cap). */
    readonly requestedYen?: Readonly<Record<GrantId, bigint>>;
    readonly previousAmountYen?: Readonly<Record<GrantId, bigint>>;
  }[];
}

export interface RecordedAllocation {
  readonly code: string;
  readonly weight: string;
  readonly capYen: string | null;
  readonly capped: boolean;
  readonly exactShareYen: string;
  /** 確定 (the amount paid). */
  readonly amountYen: string;
  // Recorded by rules that settle a draft against requests (draft-then-requests); absent before.
  /** 交付見込額（案）. */
  readonly draftYen?: string;
  /** 追加交付. */
  readonly additionalYen?: string;
  /** The draft's components (A, C …), in yen. */
  readonly components?: Readonly<Record<string, string>>;
  /** True when 追加交付 filled the recipient up to its request. */
  readonly filled?: boolean;
}

export interface RecordedPool {
  readonly pool: PoolId;
  readonly poolYen: string;
  readonly placedYen: string;
  readonly unallocatedYen: string;
  readonly rounds: number;
  readonly recipients: readonly RecordedAllocation[];
  // Recorded by draft-then-requests rules; absent before.
  readonly rounding?: string;
  /** Σ 案, Σ (案 − request) of the capped, Σ 追加交付. */
  readonly draftYen?: string;
  readonly freedYen?: string;
  readonly additionalYen?: string;
  /** Parts of unallocatedYen: lost to rounding (reported, never paid), and what no one could take. */
  readonly roundingRemainderYen?: string;
  readonly unplacedYen?: string;
}

/** 試算: one trial calculation of all four pools, with its inputs' hash and the invariants the engine checked. */
export interface GrantTrialCalculated {
  readonly type: 'GrantTrialCalculated';
  readonly data: {
    readonly fiscalYear: FiscalYearLabel;
    readonly trialNumber: number;
    readonly inputsSha256: string;
    readonly ruleVersion: string;
    readonly unitYen: string;
    readonly pools: readonly RecordedPool[];
    readonly invariants: readonly string[];
    readonly calculatedAt: string;
  };
}

/** 確定の起案: a national administrator asks for a trial to be finalized. */
export interface FinalizationRequested {
  readonly type: 'FinalizationRequested';
  readonly data: {
    readonly fiscalYear: FiscalYearLabel;
    readonly trialNumber: number;
    readonly requestedBy: string;
    /** The token issuer of `requestedBy` (absent on requests recorded before issuers were; see identity.ts). */
    readonly requestedByIssuer?: string;
    readonly requestedAt: string;
  };
}

/** 確定 (決裁): a second administrator approves; the trial's amounts are frozen. */
export interface GrantsFinalized {
  readonly type: 'GrantsFinalized';
  readonly data: {
    readonly fiscalYear: FiscalYearLabel;
    readonly trialNumber: number;
    readonly inputsSha256: string;
    readonly requestedBy: string;
    readonly approvedBy: string;
    /** Token issuers of the two people (absent on events recorded before issuers were). */
    readonly requestedByIssuer?: string;
    readonly approvedByIssuer?: string;
    readonly pools: readonly RecordedPool[];
    readonly finalizedAt: string;
  };
}

/**
 * 訂正の起案: a national administrator asks for a grant score to be corrected after finalization (e.g. an audit found
 * a wrong answer); it takes effect only when a second administrator approves it by its id.
 */
export interface ScoreCorrectionRequested {
  readonly type: 'ScoreCorrectionRequested';
  readonly data: {
    readonly fiscalYear: FiscalYearLabel;
    /** Numbered within the year: "1", "2", … */
    readonly correctionId: string;
    readonly level: 'municipal' | 'prefectural';
    readonly code: string;
    readonly grant: GrantId;
    /** The score in force when the correction was asked for, and the corrected one. */
    readonly previousScore: number;
    readonly score: number;
    readonly reason: string;
    readonly requestedBy: string;
    readonly requestedByIssuer?: string;
    readonly requestedAt: string;
  };
}

/**
 * A score corrected after finalization. Under the two-person rule it is the approval of a ScoreCorrectionRequested and names
 * it (correctionId, requestedBy, approvedBy, previousScore, reason); before, it was recorded in one step with the
 * reason in the metadata, and such events stay valid as they are.
 */
export interface ScoreCorrected {
  readonly type: 'ScoreCorrected';
  readonly data: {
    readonly fiscalYear: FiscalYearLabel;
    readonly level: 'municipal' | 'prefectural';
    readonly code: string;
    readonly grant: GrantId;
    readonly score: number;
    readonly correctedAt: string;
    readonly correctionId?: string;
    readonly previousScore?: number;
    readonly reason?: string;
    readonly requestedBy?: string;
    readonly approvedBy?: string;
    readonly requestedByIssuer?: string;
    readonly approvedByIssuer?: string;
  };
}

export interface AmountDifference {
  readonly pool: PoolId;
  readonly code: string;
  readonly finalAmountYen: string;
  readonly newAmountYen: string;
  /** new − final: positive is paid in addition, negative is recovered (返還). */
  readonly differenceYen: string;
}

/** 再算定: the pools recomputed with the corrections, and what each recipient gets paid or pays back. */
export interface GrantsRecalculated {
  readonly type: 'GrantsRecalculated';
  readonly data: {
    readonly fiscalYear: FiscalYearLabel;
    readonly recalculationNumber: number;
    readonly finalTrialNumber: number;
    readonly inputsSha256: string;
    readonly pools: readonly RecordedPool[];
    readonly differences: readonly AmountDifference[];
    readonly invariants: readonly string[];
    readonly calculatedAt: string;
  };
}

export type GrantCalculationEvent = GrantTrialCalculated | DraftPublished | FinalizationRequested | GrantsFinalized | ScoreCorrectionRequested | ScoreCorrected | GrantsRecalculated;
export const GRANT_CALCULATION_EVENT_TYPES: readonly GrantCalculationEvent['type'][] = [
  'GrantTrialCalculated',
  'DraftPublished',
  'FinalizationRequested',
  'GrantsFinalized',
  'ScoreCorrectionRequested',
  'ScoreCorrected',
  'GrantsRecalculated',
];

export interface GrantCalculationState {
  readonly trials: number;
  readonly latest?: GrantTrialCalculated['data'];
  readonly pending?: { readonly trialNumber: number; readonly requestedBy: string; readonly requestedByIssuer?: string; readonly requestedAt: string };
  /** 内示: the draft published to the recipients, if any. */
  readonly draft?: PublishedDraft;
  readonly finalized?: GrantsFinalized['data'];
  /** Corrected grant scores by `level/code/grant`. */
  readonly corrections: Readonly<Record<string, number>>;
  /** Score corrections asked for so far (the last id given). */
  readonly correctionRequests: number;
  /** Requested corrections awaiting a second administrator, by id. */
  readonly pendingCorrections: Readonly<Record<string, ScoreCorrectionRequested['data']>>;
  /** Approved corrections: who approved each, by id. */
  readonly approvedCorrections: Readonly<Record<string, string>>;
  readonly recalculations: number;
  readonly latestRecalculation?: GrantsRecalculated['data'];
}

export const initialGrantCalculationState: GrantCalculationState = { trials: 0, corrections: {}, correctionRequests: 0, pendingCorrections: {}, approvedCorrections: {}, recalculations: 0 };

export const correctionKey = (level: 'municipal' | 'prefectural', code: string, grant: GrantId) => `${level}/${code}/${grant}`;

export function evolveGrantCalculation(state: GrantCalculationState, event: GrantCalculationEvent): GrantCalculationState {
  switch (event.type) {
    case 'GrantTrialCalculated': {
      const data = event.data;
      return { ...state, trials: data.trialNumber, latest: data, pending: undefined };
    }
    case 'DraftPublished': {
      const { trialNumber, inputsSha256, publishedBy, publishedAt } = event.data;
      const pools = state.latest?.trialNumber === trialNumber ? state.latest.pools : [];
      return { ...state, draft: { trialNumber, inputsSha256, publishedBy, publishedAt, pools } };
    }
    case 'FinalizationRequested': {
      const { trialNumber, requestedBy, requestedByIssuer, requestedAt } = event.data;
      return { ...state, pending: { trialNumber, requestedBy, ...(requestedByIssuer !== undefined && { requestedByIssuer }), requestedAt } };
    }
    case 'GrantsFinalized':
      return { ...state, pending: undefined, finalized: event.data };
    case 'ScoreCorrectionRequested': {
      const data = event.data;
      return { ...state, correctionRequests: state.correctionRequests + 1, pendingCorrections: { ...state.pendingCorrections, [data.correctionId]: data } };
    }
    case 'ScoreCorrected': {
      const { level, code, grant, score, correctionId, approvedBy } = event.data;
      const corrections = { ...state.corrections, [correctionKey(level, code, grant)]: score };
      if (correctionId === undefined) return { ...state, corrections };
      const { [correctionId]: _approved, ...pendingCorrections } = state.pendingCorrections;
      return { ...state, corrections, pendingCorrections, approvedCorrections: { ...state.approvedCorrections, [correctionId]: approvedBy ?? '' } };
    }
    case 'GrantsRecalculated': {
      const data = event.data;
      return { ...state, recalculations: data.recalculationNumber, latestRecalculation: data };
    }
    default:
      return state;
  }
}

/**
 * Divides each pool (pure, exact). Municipal weight = the insurer's score in the pool's grant × its category-1 insured
 * persons; prefectural weight = the prefecture's score in the grant, capped by its 所要見込額 for that grant.
 */
export function calculatePools(inputs: CalculationInputs): { pools: RecordedPool[]; invariants: string[] } {
  const rule = allocationRuleOf(inputs.ruleVersion);
  const invariants = new Set<string>();
  const pools = POOLS.map(({ pool, grant, level, key }) => {
    const recipients =
      level === 'municipal'
        ? inputs.insurers.map((i) => ({
            code: i.code,
            weight: municipalDefaultWeight(BigInt(i.grantScores[grant]), BigInt(i.category1InsuredPersons)),
            capYen: i.requestedYen?.[grant] ?? null,
            previousAmountYen: i.previousAmountYen?.[grant] ?? null,
          }))
        : inputs.prefectures.map((p) => ({
            code: p.code,
            weight: prefecturalDefaultWeight(BigInt(p.grantScores[grant])),
            capYen: p.requestedYen?.[grant] ?? null,
            previousAmountYen: p.previousAmountYen?.[grant] ?? null,
          }));
    const poolYen = BigInt(inputs.pools[key]);
    if (rule.settlement === 'draft-then-requests') {
      const result = settle({ poolYen, unitYen: inputs.unitYen, rule, recipients: recipients.map((r) => ({ ...r, requestYen: r.capYen })) });
      result.invariants.forEach((invariant) => invariants.add(invariant));
      return recordSettlement(pool, result);
    }
    const result = allocate({ poolYen, unitYen: inputs.unitYen, recipients, ruleVersion: inputs.ruleVersion });
    result.invariants.forEach((invariant) => invariants.add(invariant));
    return record(pool, result);
  });
  return { pools, invariants: [...invariants].sort() };
}

function record(pool: PoolId, result: AllocationResult): RecordedPool {
  return {
    pool,
    poolYen: result.poolYen.toString(),
    placedYen: result.placedYen.toString(),
    unallocatedYen: result.unallocatedYen.toString(),
    rounds: result.rounds.length,
    recipients: result.recipients.map((r) => ({
      code: r.code,
      weight: r.weight.toString(),
      capYen: r.capYen === null ? null : r.capYen.toString(),
      capped: r.capped,
      exactShareYen: r.exactShareDisplay,
      amountYen: r.amountYen.toString(),
    })),
  };
}

/** A pool settled as 案 → 確定 with 追加交付: the three columns per recipient, and the pool's totals. */
function recordSettlement(pool: PoolId, result: SettlementResult): RecordedPool {
  return {
    pool,
    poolYen: result.poolYen.toString(),
    placedYen: result.finalYen.toString(),
    unallocatedYen: result.unallocatedYen.toString(),
    rounds: result.rounds.length,
    recipients: result.recipients.map((r) => ({
      code: r.code,
      weight: r.weight.toString(),
      capYen: r.requestYen === null ? null : r.requestYen.toString(),
      capped: r.capped,
      exactShareYen: toDecimalString(r.exactFinalYen, EXACT_SHARE_DISPLAY_DECIMALS),
      amountYen: r.finalYen.toString(),
      draftYen: r.draftYen.toString(),
      additionalYen: r.additionalYen.toString(),
      components: Object.fromEntries(Object.entries(r.components).map(([id, yen]) => [id, (yen as bigint).toString()])),
      filled: r.filled,
    })),
    rounding: result.rounding,
    draftYen: result.draftYen.toString(),
    freedYen: result.freedYen.toString(),
    additionalYen: result.additionalYen.toString(),
    roundingRemainderYen: result.roundingRemainderYen.toString(),
    unplacedYen: result.unplacedYen.toString(),
  };
}

/** Trial calculations may run as often as needed once the year is scored, until it is finalized. */
export function runTrialCalculation(
  inputs: CalculationInputs,
  inputsSha256: string,
  state: GrantCalculationState,
  phase: Phase,
  now: Date,
): GrantTrialCalculated[] {
  if (!TRIAL_PHASES.includes(phase)) {
    throw new DomainError(
      'conflict',
      'CALCULATION.NOT_SCORED',
      `試算は評価確定後（確定前）に行えます。内示から所要見込額の締切までは行えません（現在のフェーズ「${PHASE_TITLES[phase]}」）。`,
      `Trial calculations run after scoring and before finalization, not between the draft (内示) and the close of requests (phase ${phase}).`,
      undefined,
      { phase, allowed: TRIAL_PHASES },
    );
  }
  if (state.finalized) throw finalizedAlready(state);
  return [trialOf(inputs, inputsSha256, state, now)];
}

function trialOf(inputs: CalculationInputs, inputsSha256: string, state: GrantCalculationState, now: Date): GrantTrialCalculated {
  const { pools, invariants } = calculatePools(inputs);
  return {
    type: 'GrantTrialCalculated',
    data: {
      fiscalYear: inputs.fiscalYear,
      trialNumber: state.trials + 1,
      inputsSha256,
      ruleVersion: inputs.ruleVersion,
      unitYen: inputs.unitYen.toString(),
      pools,
      invariants,
      calculatedAt: now.toISOString(),
    },
  };
}

function finalizedAlready(state: GrantCalculationState): DomainError {
  return new DomainError('conflict', 'CALCULATION.FINALIZED', `交付額は確定済みです（試算 ${state.finalized?.trialNumber}）。訂正は再算定で行います。`, `The grants are finalized (trial ${state.finalized?.trialNumber}); corrections go through a recalculation.`);
}

/**
 * What a settlement year's 確定の起案 settles: the inputs as they stand once the 所要見込額 window has closed (the
 * requests of every recipient), and the year's phase.
 */
export interface SettlementInputs {
  readonly inputs: CalculationInputs;
  readonly inputsSha256: string;
  readonly phase: Phase;
}

/**
 * 確定の起案 of a settlement year (`mhlw-fy2024-v1`): once the 所要見込額 window has closed, the settlement is run
 * under the requests (案 → 確定 with 追加交付) and recorded as a trial, and that trial is asked for approval in the same
 * step; when the latest trial already has exactly these inputs, it is the one asked for. A second administrator
 * approves it (approveFinalization), seeing its totals, 追加交付 included.
 */
export function requestSettlement(
  settlement: SettlementInputs,
  requestedBy: string,
  state: GrantCalculationState,
  fiscalYear: FiscalYearLabel,
  now: Date,
  requestedByIssuer?: string,
): (GrantTrialCalculated | FinalizationRequested)[] {
  if (state.finalized) throw finalizedAlready(state);
  if (settlement.phase !== 'requests_closed') {
    throw new DomainError(
      'conflict',
      'CALCULATION.REQUESTS_NOT_CLOSED',
      `確定の起案は所要見込額の受付を締め切った後に行います（現在のフェーズ「${PHASE_TITLES[settlement.phase]}」）。`,
      `Finalization is asked for once the 所要見込額 window is closed (phase requests_closed; now ${settlement.phase}).`,
      undefined,
      { phase: settlement.phase },
    );
  }
  if (state.latest?.inputsSha256 === settlement.inputsSha256) return requestFinalization(state.latest.trialNumber, requestedBy, state, fiscalYear, now, requestedByIssuer);
  const trial = trialOf(settlement.inputs, settlement.inputsSha256, state, now);
  const issuer = requestedByIssuer !== undefined ? { requestedByIssuer } : {};
  return [trial, { type: 'FinalizationRequested', data: { fiscalYear, trialNumber: trial.data.trialNumber, requestedBy, ...issuer, requestedAt: now.toISOString() } }];
}

/** 起案: ask for the latest trial to be finalized. `requestedByIssuer`: the token issuer of `requestedBy` (identity.ts). */
export function requestFinalization(
  trialNumber: number | undefined,
  requestedBy: string,
  state: GrantCalculationState,
  fiscalYear: FiscalYearLabel,
  now: Date,
  requestedByIssuer?: string,
): FinalizationRequested[] {
  if (state.finalized) throw finalizedAlready(state);
  if (trialNumber === undefined) throw new DomainError('invalid', 'VALIDATION.INVALID_FIELD', '確定する試算の番号（trialNumber）を指定してください。', 'Name the trial to finalize (trialNumber).', 'trialNumber');
  if (!state.latest) throw new DomainError('conflict', 'CALCULATION.NO_TRIAL', '確定の前に試算を行ってください。', 'Run a trial calculation before asking to finalize.');
  if (trialNumber !== state.latest.trialNumber) {
    throw new DomainError('conflict', 'CALCULATION.STALE_TRIAL', `確定できるのは最新の試算（${state.latest.trialNumber}）のみです。`, `Only the latest trial (${state.latest.trialNumber}) can be finalized.`, 'trialNumber', { latest: state.latest.trialNumber });
  }
  const requester = { subject: requestedBy, issuer: requestedByIssuer };
  if (state.pending?.trialNumber === trialNumber && samePerson(pendingRequester(state.pending), requester)) return [];
  const issuer = requestedByIssuer !== undefined ? { requestedByIssuer } : {};
  return [{ type: 'FinalizationRequested', data: { fiscalYear, trialNumber, requestedBy, ...issuer, requestedAt: now.toISOString() } }];
}

const pendingRequester = (pending: { readonly requestedBy: string; readonly requestedByIssuer?: string }): PersonRef => ({
  subject: pending.requestedBy,
  issuer: pending.requestedByIssuer,
});

/**
 * 決裁: a second administrator approves; the requester may not approve their own request (two-person rule: the same
 * subject at the same token issuer is the same person, identity.ts).
 */
export function approveFinalization(approvedBy: string, state: GrantCalculationState, fiscalYear: FiscalYearLabel, now: Date, approvedByIssuer?: string): GrantsFinalized[] {
  if (state.finalized) throw finalizedAlready(state);
  if (!state.pending || !state.latest) {
    throw new DomainError('conflict', 'CALCULATION.NO_REQUEST', '確定の起案がありません。', 'Nobody has asked to finalize a trial.');
  }
  if (samePerson(pendingRequester(state.pending), { subject: approvedBy, issuer: approvedByIssuer })) {
    throw new DomainError('forbidden', 'CALCULATION.SAME_PERSON', '起案者は自ら決裁できません。別の国の管理者が承認してください。', 'The person who asked to finalize cannot approve; a second national administrator must.');
  }
  return [
    {
      type: 'GrantsFinalized',
      data: {
        fiscalYear,
        trialNumber: state.latest.trialNumber,
        inputsSha256: state.latest.inputsSha256,
        requestedBy: state.pending.requestedBy,
        approvedBy,
        ...(state.pending.requestedByIssuer !== undefined && { requestedByIssuer: state.pending.requestedByIssuer }),
        ...(approvedByIssuer !== undefined && { approvedByIssuer }),
        pools: state.latest.pools,
        finalizedAt: now.toISOString(),
      },
    },
  ];
}

/** The maximum of one grant in a framework (満点); a grant the framework does not have is worth 0. */
export function grantMaximum(framework: Framework, grant: GrantId): number {
  return framework.grants.find((g) => g.grant === grant)?.maxPoints ?? 0;
}

export interface ScoreCorrectionRequest {
  readonly level: 'municipal' | 'prefectural';
  readonly code: string;
  readonly grant: GrantId;
  readonly score: number;
  readonly reason: string;
  readonly requestedBy: string;
  /** The token issuer of `requestedBy` (identity.ts). */
  readonly requestedByIssuer?: string;
}

/**
 * 訂正の起案 after finalization: the corrected score must be a whole number from 0 to the grant's maximum for the
 * recipient's level. `recorded` holds the recipients' scores in the grant as scored; the score in force is the last
 * approved correction, else that. Amounts change only when a second administrator approves and a recalculation runs.
 */
export function requestScoreCorrection(
  request: ScoreCorrectionRequest,
  recorded: ReadonlyMap<string, number>,
  maximum: number,
  state: GrantCalculationState,
  fiscalYear: FiscalYearLabel,
  now: Date,
): ScoreCorrectionRequested[] {
  if (!state.finalized) throw new DomainError('conflict', 'CALCULATION.NOT_FINALIZED', '確定前の訂正は審査・試算で行います。', 'Before finalization, correct answers in the review and run a new trial.');
  const { level, code, grant, score, reason, requestedBy, requestedByIssuer } = request;
  const scored = recorded.get(code);
  if (scored === undefined) throw new DomainError('not_found', 'CALCULATION.UNKNOWN_RECIPIENT', `${code} は算定の対象ではありません。`, `${code} is not a recipient.`, 'code');
  if (!Number.isInteger(score) || score < 0 || score > maximum) {
    throw new DomainError(
      'invalid',
      'CALCULATION.SCORE_OUT_OF_RANGE',
      `得点は 0 以上 ${maximum} 以下の整数です（${maximum} 点満点）。`,
      `The score is a whole number from 0 to ${maximum}, the grant's maximum.`,
      'score',
      { score, maximum },
    );
  }
  const previousScore = state.corrections[correctionKey(level, code, grant)] ?? scored;
  const correctionId = String(state.correctionRequests + 1);
  return [
    {
      type: 'ScoreCorrectionRequested',
      data: {
        fiscalYear,
        correctionId,
        level,
        code,
        grant,
        previousScore,
        score,
        reason,
        requestedBy,
        ...(requestedByIssuer !== undefined && { requestedByIssuer }),
        requestedAt: now.toISOString(),
      },
    },
  ];
}

/**
 * 訂正の決裁: a second administrator approves a requested correction by its id; the requester may not approve their
 * own (two-person rule), and a correction whose score in force changed since it was asked for must be asked again.
 */
export function approveScoreCorrection(correctionId: string, approvedBy: string, state: GrantCalculationState, now: Date, approvedByIssuer?: string): ScoreCorrected[] {
  if (!state.finalized) throw new DomainError('conflict', 'CALCULATION.NOT_FINALIZED', '訂正の決裁は確定後に行います。', 'Score corrections are approved after finalization.');
  const request = state.pendingCorrections[correctionId];
  if (!request) {
    if (state.approvedCorrections[correctionId] !== undefined) {
      throw new DomainError('conflict', 'CALCULATION.CORRECTION_APPROVED', `訂正 ${correctionId} は承認済みです。`, `Correction ${correctionId} is already approved.`, 'correctionId');
    }
    throw new DomainError('not_found', 'CALCULATION.UNKNOWN_CORRECTION', `訂正 ${correctionId} の起案はありません。`, `No correction ${correctionId} was asked for.`, 'correctionId');
  }
  if (samePerson(pendingRequester(request), { subject: approvedBy, issuer: approvedByIssuer })) {
    throw new DomainError('forbidden', 'CALCULATION.SAME_PERSON', '起案者は自ら決裁できません。別の国の管理者が承認してください。', 'The person who asked for the correction cannot approve it; a second national administrator must.');
  }
  const { fiscalYear, level, code, grant, score, previousScore, reason, requestedBy, requestedByIssuer } = request;
  const inForce = state.corrections[correctionKey(level, code, grant)];
  if (inForce !== undefined && inForce !== previousScore) {
    throw new DomainError(
      'conflict',
      'CALCULATION.STALE_CORRECTION',
      `訂正 ${correctionId} の起案後に得点が ${inForce} 点へ訂正されました。改めて起案してください。`,
      `The score was corrected to ${inForce} after correction ${correctionId} was asked for; ask again.`,
      'correctionId',
      { previousScore, inForce },
    );
  }
  const issuers = { ...(requestedByIssuer !== undefined && { requestedByIssuer }), ...(approvedByIssuer !== undefined && { approvedByIssuer }) };
  return [{ type: 'ScoreCorrected', data: { fiscalYear, level, code, grant, score, correctedAt: now.toISOString(), correctionId, previousScore, reason, requestedBy, approvedBy, ...issuers } }];
}

/** Applies the corrections made after finalization to the calculation inputs (pure). */
export function withCorrections(inputs: CalculationInputs, corrections: Readonly<Record<string, number>>): CalculationInputs {
  const apply = (level: 'municipal' | 'prefectural', code: string, scores: Readonly<Record<GrantId, number>>) => ({
    suishin: corrections[correctionKey(level, code, 'suishin')] ?? scores.suishin,
    shien: corrections[correctionKey(level, code, 'shien')] ?? scores.shien,
  });
  return {
    ...inputs,
    insurers: inputs.insurers.map((i) => ({ ...i, grantScores: apply('municipal', i.code, i.grantScores) })),
    prefectures: inputs.prefectures.map((p) => ({ ...p, grantScores: apply('prefectural', p.code, p.grantScores) })),
  };
}

/** 再算定 after corrections: new amounts beside the finalized ones, per recipient and pool. */
export function recalculate(inputs: CalculationInputs, inputsSha256: string, state: GrantCalculationState, now: Date): GrantsRecalculated[] {
  const final = state.finalized;
  if (!final) throw new DomainError('conflict', 'CALCULATION.NOT_FINALIZED', '再算定は確定後に行います。', 'Recalculations follow a finalization.');
  const { pools, invariants } = calculatePools(withCorrections(inputs, state.corrections));
  const differences: AmountDifference[] = [];
  for (const pool of pools) {
    const before = new Map(final.pools.find((p) => p.pool === pool.pool)?.recipients.map((r) => [r.code, BigInt(r.amountYen)]) ?? []);
    const codes = new Set([...before.keys(), ...pool.recipients.map((r) => r.code)]);
    const after = new Map(pool.recipients.map((r) => [r.code, BigInt(r.amountYen)]));
    for (const code of [...codes].sort()) {
      const finalAmount = before.get(code) ?? 0n;
      const newAmount = after.get(code) ?? 0n;
      if (finalAmount !== newAmount) {
        differences.push({ pool: pool.pool, code, finalAmountYen: finalAmount.toString(), newAmountYen: newAmount.toString(), differenceYen: (newAmount - finalAmount).toString() });
      }
    }
  }
  return [
    {
      type: 'GrantsRecalculated',
      data: {
        fiscalYear: inputs.fiscalYear,
        recalculationNumber: state.recalculations + 1,
        finalTrialNumber: final.trialNumber,
        inputsSha256,
        pools,
        differences,
        invariants,
        calculatedAt: now.toISOString(),
      },
    },
  ];
}
