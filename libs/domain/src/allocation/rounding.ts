import { largestRemainder } from './largest-remainder';
import { proportionalShares, Rational, ZERO } from './rational';

/**
 * How exact shares become whole units (DOMAIN.md "Money", Rounding). `floor`: each amount is floored to the unit and
 * the sub-unit remainders are reported, never paid (MHLW's analogous grants, 切り捨て). `largest-remainder`: the
 * floors plus one unit each to the largest remainders, so the amounts add up to the money divided (Hamilton).
 */
export type RoundingMethod = 'floor' | 'largest-remainder';
export const ROUNDING_METHODS: readonly RoundingMethod[] = ['floor', 'largest-remainder'];

export interface WeightedPart {
  readonly code: string;
  readonly weight: bigint;
}

export interface RoundedDivision {
  /** Whole-unit amounts, in the order of the parts given. */
  readonly amountsYen: readonly bigint[];
  /** Exact shares before rounding, in the order of the parts given. */
  readonly exactShares: readonly Rational[];
  /** What rounding left unpaid: `totalYen − Σ amounts` (under largest-remainder only `totalYen mod unit`). */
  readonly remainderYen: bigint;
}

/**
 * Divides `totalYen` (≥ 0) in proportion to the weights (≥ 0) and rounds each share to the unit by `method`. With no
 * positive weight nothing is divided and the whole total is the remainder.
 */
export function divideByWeight(totalYen: bigint, parts: readonly WeightedPart[], unitYen: bigint, method: RoundingMethod): RoundedDivision {
  const weightTotal = parts.reduce((sum, part) => sum + part.weight, 0n);
  if (weightTotal === 0n || totalYen === 0n) {
    return { amountsYen: parts.map(() => 0n), exactShares: parts.map(() => ZERO), remainderYen: totalYen };
  }
  if (method === 'floor') {
    const exactShares = proportionalShares(totalYen, parts.map((p) => p.weight), weightTotal);
    const amountsYen = parts.map((part) => ((totalYen * part.weight) / (weightTotal * unitYen)) * unitYen);
    return { amountsYen, exactShares, remainderYen: totalYen - amountsYen.reduce((a, b) => a + b, 0n) };
  }
  const placeable = totalYen - (totalYen % unitYen);
  const exactShares = proportionalShares(placeable, parts.map((p) => p.weight), weightTotal);
  const rounding = largestRemainder(
    placeable / unitYen,
    weightTotal * unitYen,
    parts.map((part) => ({ key: part.code, numerator: placeable * part.weight })),
  );
  return { amountsYen: rounding.units.map((units) => units * unitYen), exactShares, remainderYen: totalYen % unitYen };
}
