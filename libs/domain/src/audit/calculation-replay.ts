import { FiscalYearState, Pools } from '../fiscal-year/fiscal-year';
import { calculationInputs, hashCalculationInputs, municipalRequestsOf } from '../grant-calculation/calculation-inputs';
import { publishDraft } from '../grant-calculation/draft';
import {
  AmountDifference,
  approveFinalization,
  approveScoreCorrection,
  GrantCalculationEvent,
  grantMaximum,
  GrantsFinalized,
  POOLS,
  recalculate,
  RecordedPool,
  requestFinalization,
  requestScoreCorrection,
  runTrialCalculation,
} from '../grant-calculation/grant-calculation';
import { PREFECTURES } from '../recipients/prefectures';
import type { FiscalYearHistory } from './fiscal-year-history';

type OpenedYear = Extract<FiscalYearState, { status: 'opened' }>;

/** Reports one mismatch of the event being replayed: recipient (null for the whole event), field, both values. */
export type MismatchReporter = (recipient: string | null, field: string, recorded: unknown, recomputed: unknown) => void;

/**
 * What the replay has recomputed itself and trusts over the record: the finalized amounts as recomputed from the
 * approved trial. A recalculation's differences are recomputed against these, so that a forged GrantsFinalized
 * cannot make forged differences look right.
 */
export interface RecomputedCalculation {
  final?: GrantsFinalized['data'];
}

/**
 * Recomputes one recorded decision of the grant calculation stream from the year's state just before it (`history`
 * has not folded the event yet), with the same pure functions the service decided it with, and reports every field
 * that differs. Calculated pools are also checked against the pool invariants. Returns whether the event records a
 * decision (every event of this stream does; new event types fold without a check until one is written here).
 */
export function replayCalculationDecision(
  event: GrantCalculationEvent,
  history: FiscalYearHistory,
  year: OpenedYear,
  recomputed: RecomputedCalculation,
  report: MismatchReporter,
): boolean {
  const state = history.calculation;
  const inputsBefore = () => {
    if (!history.latestScores) throw new Error('no recorded scores before it');
    const inputs = calculationInputs(year, history.latestScores, history.register, history.prefectureSubmissions, municipalRequestsOf(history.submissions));
    return { inputs, inputsSha256: hashCalculationInputs(inputs) };
  };
  const decided = <T>(events: readonly T[], what: string): T => {
    if (events.length === 0) throw new Error(`${what} decides nothing on this state (a repeat)`);
    return events[0];
  };
  switch (event.type) {
    case 'GrantTrialCalculated': {
      const d = event.data;
      const { inputs, inputsSha256 } = inputsBefore();
      const again = decided(runTrialCalculation(inputs, inputsSha256, state, year.phase, new Date(d.calculatedAt)), 'the trial').data;
      compareFields(d, again, ['trialNumber', 'inputsSha256', 'ruleVersion', 'unitYen'], report);
      comparePools(d.pools, again.pools, report);
      checkPoolInvariants(d.pools, year.pools, report);
      return true;
    }
    case 'DraftPublished': {
      const d = event.data;
      const again = decided(publishDraft(d.trialNumber, d.publishedBy, state, year.phase, year.fiscalYear, new Date(d.publishedAt)), 'the draft').data;
      compareFields(d, again, ['trialNumber', 'inputsSha256'], report);
      return true;
    }
    case 'FinalizationRequested': {
      const d = event.data;
      const again = decided(requestFinalization(d.trialNumber, d.requestedBy, state, year.fiscalYear, new Date(d.requestedAt)), 'the request').data;
      compareFields(d, again, ['trialNumber'], report);
      return true;
    }
    case 'GrantsFinalized': {
      const d = event.data;
      const again = decided(approveFinalization(d.approvedBy, state, year.fiscalYear, new Date(d.finalizedAt)), 'the approval').data;
      compareFields(d, again, ['trialNumber', 'inputsSha256', 'requestedBy'], report);
      comparePools(d.pools, again.pools, report);
      checkPoolInvariants(d.pools, year.pools, report);
      recomputed.final = again;
      return true;
    }
    case 'ScoreCorrectionRequested': {
      const d = event.data;
      const framework = d.level === 'municipal' ? year.municipalFramework : year.prefecturalFramework;
      const { inputs } = inputsBefore();
      const codes = d.level === 'municipal' ? [...history.register.insurers.keys()] : PREFECTURES.map((p) => p.code);
      const scores = new Map((d.level === 'municipal' ? inputs.insurers : inputs.prefectures).map((row) => [row.code, row.grantScores[d.grant]]));
      const scored = new Map(codes.map((code) => [code, scores.get(code) ?? 0]));
      const request = { level: d.level, code: d.code, grant: d.grant, score: d.score, reason: d.reason, requestedBy: d.requestedBy };
      const again = decided(requestScoreCorrection(request, scored, grantMaximum(framework, d.grant), state, year.fiscalYear, new Date(d.requestedAt)), 'the request').data;
      compareFields(d, again, ['correctionId', 'previousScore'], report, d.code);
      return true;
    }
    case 'ScoreCorrected': {
      const d = event.data;
      if (d.correctionId !== undefined) {
        const again = decided(approveScoreCorrection(d.correctionId, d.approvedBy ?? '', state, new Date(d.correctedAt)), 'the approval').data;
        compareFields(d, again, ['level', 'code', 'grant', 'score', 'previousScore', 'reason', 'requestedBy'], report, d.code);
        return true;
      }
      // Recorded in one step before corrections needed a second person: no request to recompute it from, but it must
      // follow the finalization and stay within the grant's maximum.
      if (!state.finalized) throw new Error('a score corrected before finalization');
      const maximum = grantMaximum(d.level === 'municipal' ? year.municipalFramework : year.prefecturalFramework, d.grant);
      if (!Number.isInteger(d.score) || d.score < 0 || d.score > maximum) report(d.code, `${d.grant}.score`, d.score, `0–${maximum}`);
      return true;
    }
    case 'GrantsRecalculated': {
      const d = event.data;
      const { inputs, inputsSha256 } = inputsBefore();
      // Against the finalized amounts as recomputed, not as recorded (a forged finalization is reported there).
      const basis = state.finalized && recomputed.final ? { ...state, finalized: recomputed.final } : state;
      const again = decided(recalculate(inputs, inputsSha256, basis, new Date(d.calculatedAt)), 'the recalculation').data;
      compareFields(d, again, ['recalculationNumber', 'finalTrialNumber', 'inputsSha256'], report);
      comparePools(d.pools, again.pools, report);
      compareDifferences(d.differences, again.differences, report);
      checkPoolInvariants(d.pools, year.pools, report);
      return true;
    }
    default:
      return false;
  }
}

function compareFields<T extends object>(recorded: T, recomputed: T, fields: readonly (keyof T & string)[], report: MismatchReporter, recipient: string | null = null): void {
  for (const field of fields) if (recorded[field] !== recomputed[field]) report(recipient, field, recorded[field] ?? 'absent', recomputed[field] ?? 'absent');
}

const POOL_SETTLEMENT_FIELDS = ['rounding', 'draftYen', 'freedYen', 'additionalYen', 'roundingRemainderYen', 'unplacedYen'] as const;
const RECIPIENT_SETTLEMENT_FIELDS = ['draftYen', 'additionalYen', 'filled'] as const;
const RECIPIENT_FIELDS = ['weight', 'capYen', 'capped', 'exactShareYen', 'amountYen'] as const;

/**
 * Reports every recorded amount a recomputation does not reproduce: each pool's totals, each recipient's weight, cap,
 * exact share and amount; 案 / 追加交付 columns only where recorded (settlement rules); recipients on one side only.
 */
export function comparePools(recorded: readonly RecordedPool[], recomputed: readonly RecordedPool[], report: MismatchReporter): void {
  for (const pool of recorded) {
    const other = recomputed.find((p) => p.pool === pool.pool);
    for (const field of ['poolYen', 'placedYen', 'unallocatedYen', 'rounds'] as const) {
      if (pool[field] !== other?.[field]) report(null, `${pool.pool}.${field}`, pool[field], other?.[field] ?? 'absent');
    }
    const again = new Map(other?.recipients.map((r) => [r.code, r]) ?? []);
    if (pool.draftYen !== undefined) {
      for (const field of POOL_SETTLEMENT_FIELDS) if (pool[field] !== other?.[field]) report(null, `${pool.pool}.${field}`, pool[field], other?.[field] ?? 'absent');
    }
    for (const recipient of pool.recipients) {
      const mine = again.get(recipient.code);
      if (!mine) {
        report(recipient.code, `${pool.pool}.amountYen`, recipient.amountYen, 'absent');
        continue;
      }
      for (const field of RECIPIENT_FIELDS) if (recipient[field] !== mine[field]) report(recipient.code, `${pool.pool}.${field}`, recipient[field], mine[field]);
      for (const field of RECIPIENT_SETTLEMENT_FIELDS) {
        if (recipient[field] !== undefined && recipient[field] !== mine[field]) report(recipient.code, `${pool.pool}.${field}`, recipient[field], mine[field] ?? 'absent');
      }
      for (const [id, yen] of Object.entries(recipient.components ?? {})) {
        if (yen !== mine.components?.[id]) report(recipient.code, `${pool.pool}.components.${id}`, yen, mine.components?.[id] ?? 'absent');
      }
    }
    const codes = new Set(pool.recipients.map((r) => r.code));
    for (const r of other?.recipients ?? []) if (!codes.has(r.code)) report(r.code, `${pool.pool}.amountYen`, 'absent', r.amountYen);
  }
  const pools = new Set(recorded.map((p) => p.pool));
  for (const pool of recomputed) if (!pools.has(pool.pool)) report(null, pool.pool, 'absent', pool.placedYen);
}

/** Reports every recorded 再算定 difference (final, new, new − final) that the recomputation does not give, and the missing ones. */
export function compareDifferences(recorded: readonly AmountDifference[], recomputed: readonly AmountDifference[], report: MismatchReporter): void {
  const key = (d: AmountDifference) => `${d.pool}/${d.code}`;
  const again = new Map(recomputed.map((d) => [key(d), d]));
  const seen = new Set<string>();
  for (const difference of recorded) {
    seen.add(key(difference));
    const other = again.get(key(difference));
    for (const field of ['finalAmountYen', 'newAmountYen', 'differenceYen'] as const) {
      if (difference[field] !== other?.[field]) report(difference.code, `differences.${difference.pool}.${field}`, difference[field], other?.[field] ?? 'absent');
    }
  }
  for (const other of recomputed) if (!seen.has(key(other))) report(other.code, `differences.${other.pool}.differenceYen`, 'absent', other.differenceYen);
}

/**
 * The invariants every recorded calculation must hold whatever produced it: each of the four pools once, of the
 * year's size; Σ amounts = placed; placed + unallocated = the pool; no negative amount; no recipient above its cap
 * (its 所要見込額). Field names start with `invariant.`; "recomputed" is what the invariant requires.
 */
export function checkPoolInvariants(pools: readonly RecordedPool[], yearPools: Pools, report: MismatchReporter): void {
  for (const { pool: id, key } of POOLS) {
    const matching = pools.filter((p) => p.pool === id);
    if (matching.length !== 1) report(null, `invariant.${id}.count`, matching.length, 1);
    const pool = matching[0];
    if (!pool) continue;
    const yen = (text: string | null | undefined, recipient: string | null, field: string): bigint | undefined => {
      try {
        return BigInt(text ?? '');
      } catch {
        report(recipient, `invariant.${id}.${field}`, text ?? 'absent', 'an integer number of yen');
        return undefined;
      }
    };
    const poolYen = yen(pool.poolYen, null, 'poolYen');
    if (poolYen !== undefined && poolYen !== BigInt(yearPools[key])) report(null, `invariant.${id}.poolYen`, pool.poolYen, yearPools[key]);
    let sum = 0n;
    for (const recipient of pool.recipients) {
      const amount = yen(recipient.amountYen, recipient.code, 'amountYen') ?? 0n;
      sum += amount;
      if (amount < 0n) report(recipient.code, `invariant.${id}.amountYen ≥ 0`, recipient.amountYen, '≥ 0');
      const cap = recipient.capYen === null ? undefined : yen(recipient.capYen, recipient.code, 'capYen');
      if (cap !== undefined && amount > cap) report(recipient.code, `invariant.${id}.amountYen ≤ capYen`, recipient.amountYen, `≤ ${recipient.capYen}`);
    }
    const placed = yen(pool.placedYen, null, 'placedYen');
    const unallocated = yen(pool.unallocatedYen, null, 'unallocatedYen');
    if (placed !== undefined && placed !== sum) report(null, `invariant.${id}.placedYen = Σ amountYen`, pool.placedYen, sum.toString());
    if (unallocated !== undefined && unallocated < 0n) report(null, `invariant.${id}.unallocatedYen ≥ 0`, pool.unallocatedYen, '≥ 0');
    if (unallocated !== undefined && poolYen !== undefined && sum + unallocated !== BigInt(yearPools[key])) {
      report(null, `invariant.${id}.Σ amountYen + unallocatedYen = poolYen`, (sum + unallocated).toString(), yearPools[key]);
    }
  }
}
