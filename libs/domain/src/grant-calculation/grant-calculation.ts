import { allocate, AllocationResult, allocationRuleOf, EXACT_SHARE_DISPLAY_DECIMALS, municipalDefaultWeight, prefecturalDefaultWeight, settle, SettlementResult, toDecimalString } from '../allocation';
import { DomainError } from '../domain-error';
import { FiscalYearLabel, Phase, Pools } from '../fiscal-year/fiscal-year';
import { GrantId } from '../framework/framework';

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
  // Recorded since issue 12 by rules that settle a draft against requests (draft-then-requests); absent before.
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
  // Recorded since issue 12 by draft-then-requests rules; absent before.
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
  readonly data: { readonly fiscalYear: FiscalYearLabel; readonly trialNumber: number; readonly requestedBy: string; readonly requestedAt: string };
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
    readonly pools: readonly RecordedPool[];
    readonly finalizedAt: string;
  };
}

/** A score corrected after finalization (e.g. an audit found a wrong answer); the reason is in the metadata. */
export interface ScoreCorrected {
  readonly type: 'ScoreCorrected';
  readonly data: {
    readonly fiscalYear: FiscalYearLabel;
    readonly level: 'municipal' | 'prefectural';
    readonly code: string;
    readonly grant: GrantId;
    readonly score: number;
    readonly correctedAt: string;
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

export type GrantCalculationEvent = GrantTrialCalculated | FinalizationRequested | GrantsFinalized | ScoreCorrected | GrantsRecalculated;
export const GRANT_CALCULATION_EVENT_TYPES: readonly GrantCalculationEvent['type'][] = ['GrantTrialCalculated', 'FinalizationRequested', 'GrantsFinalized', 'ScoreCorrected', 'GrantsRecalculated'];

export interface GrantCalculationState {
  readonly trials: number;
  readonly latest?: GrantTrialCalculated['data'];
  readonly pending?: { readonly trialNumber: number; readonly requestedBy: string };
  readonly finalized?: GrantsFinalized['data'];
  /** Corrected grant scores by `level/code/grant`. */
  readonly corrections: Readonly<Record<string, number>>;
  readonly recalculations: number;
  readonly latestRecalculation?: GrantsRecalculated['data'];
}

export const initialGrantCalculationState: GrantCalculationState = { trials: 0, corrections: {}, recalculations: 0 };

export const correctionKey = (level: 'municipal' | 'prefectural', code: string, grant: GrantId) => `${level}/${code}/${grant}`;

export function evolveGrantCalculation(state: GrantCalculationState, event: GrantCalculationEvent): GrantCalculationState {
  switch (event.type) {
    case 'GrantTrialCalculated': {
      const data = event.data;
      return { ...state, trials: data.trialNumber, latest: data, pending: undefined };
    }
    case 'FinalizationRequested': {
      const { trialNumber, requestedBy } = event.data;
      return { ...state, pending: { trialNumber, requestedBy } };
    }
    case 'GrantsFinalized':
      return { ...state, pending: undefined, finalized: event.data };
    case 'ScoreCorrected': {
      const { level, code, grant, score } = event.data;
      return { ...state, corrections: { ...state.corrections, [correctionKey(level, code, grant)]: score } };
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
  if (phase !== 'scored' && phase !== 'allocated') {
    throw new DomainError('conflict', 'CALCULATION.NOT_SCORED', '試算は評価確定後（確定前）に行えます。', 'Trial calculations run after scoring and before finalization.', undefined, { phase });
  }
  if (state.finalized) throw finalizedAlready(state);
  const { pools, invariants } = calculatePools(inputs);
  return [
    {
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
    },
  ];
}

function finalizedAlready(state: GrantCalculationState): DomainError {
  return new DomainError('conflict', 'CALCULATION.FINALIZED', `交付額は確定済みです（試算 ${state.finalized?.trialNumber}）。訂正は再算定で行います。`, `The grants are finalized (trial ${state.finalized?.trialNumber}); corrections go through a recalculation.`);
}

/** 起案: ask for the latest trial to be finalized. */
export function requestFinalization(trialNumber: number, requestedBy: string, state: GrantCalculationState, fiscalYear: FiscalYearLabel, now: Date): FinalizationRequested[] {
  if (state.finalized) throw finalizedAlready(state);
  if (!state.latest) throw new DomainError('conflict', 'CALCULATION.NO_TRIAL', '確定の前に試算を行ってください。', 'Run a trial calculation before asking to finalize.');
  if (trialNumber !== state.latest.trialNumber) {
    throw new DomainError('conflict', 'CALCULATION.STALE_TRIAL', `確定できるのは最新の試算（${state.latest.trialNumber}）のみです。`, `Only the latest trial (${state.latest.trialNumber}) can be finalized.`, 'trialNumber', { latest: state.latest.trialNumber });
  }
  if (state.pending?.trialNumber === trialNumber && state.pending.requestedBy === requestedBy) return [];
  return [{ type: 'FinalizationRequested', data: { fiscalYear, trialNumber, requestedBy, requestedAt: now.toISOString() } }];
}

/** 決裁: a second administrator approves; the requester may not approve their own request (two-person rule). */
export function approveFinalization(approvedBy: string, state: GrantCalculationState, fiscalYear: FiscalYearLabel, now: Date): GrantsFinalized[] {
  if (state.finalized) throw finalizedAlready(state);
  if (!state.pending || !state.latest) {
    throw new DomainError('conflict', 'CALCULATION.NO_REQUEST', '確定の起案がありません。', 'Nobody has asked to finalize a trial.');
  }
  if (state.pending.requestedBy === approvedBy) {
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
        pools: state.latest.pools,
        finalizedAt: now.toISOString(),
      },
    },
  ];
}

/** A score correction after finalization; it changes amounts only through a recalculation. */
export function correctScore(
  correction: { level: 'municipal' | 'prefectural'; code: string; grant: GrantId; score: number },
  known: ReadonlySet<string>,
  state: GrantCalculationState,
  fiscalYear: FiscalYearLabel,
  now: Date,
): ScoreCorrected[] {
  if (!state.finalized) throw new DomainError('conflict', 'CALCULATION.NOT_FINALIZED', '確定前の訂正は審査・試算で行います。', 'Before finalization, correct answers in the review and run a new trial.');
  if (!known.has(correction.code)) throw new DomainError('not_found', 'CALCULATION.UNKNOWN_RECIPIENT', `${correction.code} は算定の対象ではありません。`, `${correction.code} is not a recipient.`, 'code');
  if (!Number.isInteger(correction.score) || correction.score < 0 || correction.score > 10_000) {
    throw new DomainError('invalid', 'VALIDATION.INVALID_FIELD', '得点は 0 以上の整数です。', 'The score is a whole number ≥ 0.', 'score');
  }
  return [{ type: 'ScoreCorrected', data: { fiscalYear, ...correction, correctedAt: now.toISOString() } }];
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
