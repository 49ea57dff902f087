import type { AllocationResult } from './allocation';
import { AllocationInvariantViolated } from './allocation.errors';
import { compareRecipientCodes } from './recipient-code';

/** The post-conditions every allocation result satisfies, in the order they are checked. */
export const ALLOCATION_INVARIANTS = Object.freeze([
  /** Recipients are listed once each, by code ascending. */
  'OUTPUT_SORTED_BY_UNIQUE_CODE',
  /** placed + unallocated = pool, both ≥ 0, and the sub-unit remainder is pool mod unit. */
  'POOL_SPLITS_INTO_PLACED_AND_UNALLOCATED',
  /** placed = min(pool floored to the unit, Σ effective caps of recipients with weight > 0); 0 with no weight. */
  'PLACED_IS_MIN_OF_POOL_AND_CAPS',
  /** Σ amounts = placed, exactly. */
  'AMOUNTS_SUM_TO_PLACED',
  /** Every amount is a non-negative whole number of units. */
  'AMOUNTS_IN_WHOLE_UNITS',
  /** No amount exceeds the requested amount (所要見込額). */
  'NOBODY_EXCEEDS_CAP',
  /** A recipient with weight 0 gets 0 and is never capped. */
  'ZERO_WEIGHT_GETS_NOTHING',
  /** A capped recipient gets exactly its effective cap. */
  'CAPPED_GET_EXACTLY_THEIR_CAP',
  /**
   * With the final level λ = (money left for the uncapped) / (their weight): every capped recipient has
   * cap < λ × weight and every uncapped one λ × weight ≤ cap. If everyone is capped, Σ caps < pool floored to the unit.
   */
  'WATER_LEVEL_SEPARATES_CAPPED',
  /** Each exact share is the cap (capped), λ × weight (uncapped) or 0 (weight 0). */
  'EXACT_SHARES_MATCH_LEVEL',
  /** Each uncapped amount is the floor or the ceiling, in units, of its exact share. */
  'UNCAPPED_WITHIN_ONE_UNIT_OF_SHARE',
  /** Rounds chain (each divides what the previous one left) and list each capped recipient once, in its round. */
  'ROUNDS_ACCOUNT_FOR_CAPS',
] as const);

export type AllocationInvariantId = (typeof ALLOCATION_INVARIANTS)[number];

/**
 * Checks a result against `ALLOCATION_INVARIANTS`, recomputing everything from the result itself (not from the
 * engine's intermediate state), and returns the ids checked. Throws `AllocationInvariantViolated` on the first failure.
 */
export function checkAllocationInvariants(
  result: Omit<AllocationResult, 'invariants'>,
): readonly AllocationInvariantId[] {
  const { recipients, unitYen, poolYen, placedYen, unallocatedYen } = result;
  const fail = (id: AllocationInvariantId, detail: string): never => {
    throw new AllocationInvariantViolated(id, detail);
  };

  for (let i = 1; i < recipients.length; i++) {
    if (compareRecipientCodes(recipients[i - 1].code, recipients[i].code) >= 0) {
      fail('OUTPUT_SORTED_BY_UNIQUE_CODE', `${recipients[i - 1].code} is not before ${recipients[i].code}`);
    }
  }

  const placeableYen = poolYen - (poolYen % unitYen);
  if (
    placedYen < 0n ||
    unallocatedYen < 0n ||
    placedYen + unallocatedYen !== poolYen ||
    result.subUnitRemainderYen !== poolYen % unitYen
  ) {
    fail('POOL_SPLITS_INTO_PLACED_AND_UNALLOCATED', `${placedYen} + ${unallocatedYen} vs pool ${poolYen}`);
  }

  let anyWeight = false;
  let unbounded = false;
  let capSum = 0n;
  let amountSum = 0n;
  let cappedSum = 0n;
  let uncappedWeight = 0n;
  let cappedCount = 0;
  for (const r of recipients) {
    amountSum += r.amountYen;
    if (r.weight > 0n) {
      anyWeight = true;
      if (r.effectiveCapYen === null) unbounded = true;
      else capSum += r.effectiveCapYen;
    }
    if (r.capped) {
      cappedSum += r.amountYen;
      cappedCount++;
    } else if (r.weight > 0n) {
      uncappedWeight += r.weight;
    }
  }
  let expectedPlaced = 0n;
  if (anyWeight) expectedPlaced = unbounded || capSum > placeableYen ? placeableYen : capSum;
  if (placedYen !== expectedPlaced) {
    fail('PLACED_IS_MIN_OF_POOL_AND_CAPS', `placed ${placedYen}, expected ${expectedPlaced}`);
  }
  if (amountSum !== placedYen) fail('AMOUNTS_SUM_TO_PLACED', `amounts add up to ${amountSum}, placed ${placedYen}`);

  for (const r of recipients) {
    if (r.amountYen < 0n || r.amountYen % unitYen !== 0n) {
      fail('AMOUNTS_IN_WHOLE_UNITS', `${r.code} gets ${r.amountYen} with unit ${unitYen}`);
    }
  }
  for (const r of recipients) {
    const floored = r.capYen === null ? null : r.capYen - (r.capYen % unitYen);
    if (r.effectiveCapYen !== floored || (r.capYen !== null && r.amountYen > r.capYen)) {
      fail('NOBODY_EXCEEDS_CAP', `${r.code} gets ${r.amountYen} with cap ${r.capYen}`);
    }
  }
  for (const r of recipients) {
    if (r.weight === 0n && (r.amountYen !== 0n || r.capped)) {
      fail('ZERO_WEIGHT_GETS_NOTHING', `${r.code} has weight 0 and gets ${r.amountYen}`);
    }
  }
  for (const r of recipients) {
    if (r.capped && (r.cappedInRound === null || r.amountYen !== r.effectiveCapYen)) {
      fail('CAPPED_GET_EXACTLY_THEIR_CAP', `${r.code} gets ${r.amountYen}, cap ${r.effectiveCapYen}`);
    }
  }

  // λ = levelYen / uncappedWeight: the money left for the uncapped per unit of weight.
  const levelYen = placedYen - cappedSum;
  for (const r of recipients) {
    if (uncappedWeight === 0n || r.weight === 0n) continue;
    const cap = r.effectiveCapYen;
    const separated = r.capped
      ? (cap as bigint) * uncappedWeight < levelYen * r.weight
      : cap === null || levelYen * r.weight <= cap * uncappedWeight;
    if (!separated) fail('WATER_LEVEL_SEPARATES_CAPPED', `${r.code} is on the wrong side of the water level`);
  }
  if (uncappedWeight === 0n && cappedCount > 0 && cappedSum >= placeableYen) {
    fail('WATER_LEVEL_SEPARATES_CAPPED', `all capped, yet the caps ${cappedSum} reach the pool ${placeableYen}`);
  }

  for (const r of recipients) {
    const { numerator, denominator } = r.exactShareYen;
    let matches: boolean;
    if (r.capped) matches = denominator === 1n && numerator === r.effectiveCapYen;
    else if (r.weight === 0n) matches = numerator === 0n;
    else matches = denominator > 0n && numerator * uncappedWeight === levelYen * r.weight * denominator;
    if (!matches) fail('EXACT_SHARES_MATCH_LEVEL', `${r.code} exact share ${numerator}/${denominator}`);
  }

  for (const r of recipients) {
    if (r.capped || r.weight === 0n) continue;
    // |amount − levelYen × weight / uncappedWeight| < unit, with amount a whole number of units.
    const gap = r.amountYen * uncappedWeight - levelYen * r.weight;
    const bound = unitYen * uncappedWeight;
    if (gap <= -bound || gap >= bound || r.roundedUp !== gap > 0n) {
      fail('UNCAPPED_WITHIN_ONE_UNIT_OF_SHARE', `${r.code} gets ${r.amountYen}`);
    }
  }

  const roundOf = new Map<string, number>();
  let dividedYen = placeableYen;
  for (const [k, round] of result.rounds.entries()) {
    if (round.round !== k + 1 || round.dividedYen !== dividedYen) {
      fail('ROUNDS_ACCOUNT_FOR_CAPS', `round ${round.round} divides ${round.dividedYen}, expected ${dividedYen}`);
    }
    for (const code of round.cappedCodes) roundOf.set(code, round.round);
    dividedYen -= round.cappedYen;
  }
  // Rounds exist iff someone has weight; the last one caps nobody iff someone stays uncapped.
  const lastRound = result.rounds.at(-1);
  const shapeOk =
    lastRound === undefined
      ? !anyWeight
      : anyWeight && (lastRound.cappedCodes.length === 0) === (uncappedWeight > 0n);
  if (!shapeOk || roundOf.size !== cappedCount || dividedYen !== placeableYen - cappedSum) {
    fail('ROUNDS_ACCOUNT_FOR_CAPS', `${result.rounds.length} rounds cap ${roundOf.size}, ${cappedCount} flagged capped`);
  }
  for (const r of recipients) {
    if (r.capped && roundOf.get(r.code) !== r.cappedInRound) {
      fail('ROUNDS_ACCOUNT_FOR_CAPS', `${r.code} flagged in round ${r.cappedInRound}, listed in ${roundOf.get(r.code)}`);
    }
  }
  return ALLOCATION_INVARIANTS;
}
