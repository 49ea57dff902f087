import { allocate, AllocationResult, municipalDefaultWeight, prefecturalDefaultWeight } from '../allocation';
import { DomainError } from '../domain-error';
import { FiscalYearLabel, Phase, Pools } from '../fiscal-year/fiscal-year';
import { GrantId } from '../framework/framework';

export const grantCalculationStreamId = (fiscalYear: FiscalYearLabel) => `grant_calculation-${fiscalYear}`;

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
  readonly insurers: readonly { readonly code: string; readonly category1InsuredPersons: number; readonly grantScores: Readonly<Record<GrantId, number>> }[];
  readonly prefectures: readonly {
    readonly code: string;
    readonly grantScores: Readonly<Record<GrantId, number>>;
    /** 所要見込額 per grant, in yen; absent when the prefecture did not submit one (no cap). */
    readonly requestedYen?: Readonly<Record<GrantId, bigint>>;
  }[];
}

export interface RecordedAllocation {
  readonly code: string;
  readonly weight: string;
  readonly capYen: string | null;
  readonly capped: boolean;
  readonly exactShareYen: string;
  readonly amountYen: string;
}

export interface RecordedPool {
  readonly pool: PoolId;
  readonly poolYen: string;
  readonly placedYen: string;
  readonly unallocatedYen: string;
  readonly rounds: number;
  readonly recipients: readonly RecordedAllocation[];
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

export interface GrantCalculationState {
  readonly trials: number;
  readonly latest?: GrantTrialCalculated['data'];
}

export const initialGrantCalculationState: GrantCalculationState = { trials: 0 };

export function evolveGrantCalculation(state: GrantCalculationState, event: { type: string; data: unknown }): GrantCalculationState {
  if (event.type !== 'GrantTrialCalculated') return state;
  const data = (event as GrantTrialCalculated).data;
  return { trials: data.trialNumber, latest: data };
}

/**
 * Divides each pool (pure, exact). Municipal weight = the insurer's score in the pool's grant × its category-1 insured
 * persons; prefectural weight = the prefecture's score in the grant, capped by its 所要見込額 for that grant.
 */
export function calculatePools(inputs: CalculationInputs): { pools: RecordedPool[]; invariants: string[] } {
  const invariants = new Set<string>();
  const pools = POOLS.map(({ pool, grant, level, key }) => {
    const recipients =
      level === 'municipal'
        ? inputs.insurers.map((i) => ({ code: i.code, weight: municipalDefaultWeight(BigInt(i.grantScores[grant]), BigInt(i.category1InsuredPersons)) }))
        : inputs.prefectures.map((p) => ({ code: p.code, weight: prefecturalDefaultWeight(BigInt(p.grantScores[grant])), capYen: p.requestedYen?.[grant] ?? null }));
    const result = allocate({ poolYen: BigInt(inputs.pools[key]), unitYen: inputs.unitYen, recipients, ruleVersion: inputs.ruleVersion });
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
