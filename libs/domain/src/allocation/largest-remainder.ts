import { AllocationInvariantViolated } from './allocation.errors';
import { compareRecipientCodes } from './recipient-code';

/** One part's exact quota in units: `numerator / denominator` (the denominator is shared by all parts). */
export interface LargestRemainderPart {
  /** Tie-break key: among equal remainders, the smaller key (recipient code) gets its extra unit first. */
  readonly key: string;
  readonly numerator: bigint;
}

export interface LargestRemainderOutcome {
  /** Whole units per part, in the order of the parts given. */
  readonly units: readonly bigint[];
  /** Whether the part received one unit above the floor of its quota. */
  readonly roundedUp: readonly boolean[];
}

/**
 * Largest-remainder (Hamilton) rounding. The quotas `numerator_i / denominator` must add up to `totalUnits` exactly.
 * Every part gets the floor of its quota; the units still missing (fewer than the number of parts with a remainder)
 * go one each to the largest remainders, ties broken by key ascending. The parts then add up to `totalUnits` exactly
 * and each is within one unit of its quota.
 */
export function largestRemainder(
  totalUnits: bigint,
  denominator: bigint,
  parts: readonly LargestRemainderPart[],
): LargestRemainderOutcome {
  if (denominator <= 0n) {
    throw new AllocationInvariantViolated('QUOTA_DENOMINATOR_POSITIVE', `denominator ${denominator} is not positive`);
  }
  const units: bigint[] = new Array<bigint>(parts.length);
  const remainders: bigint[] = new Array<bigint>(parts.length);
  let quotaSum = 0n;
  let floorSum = 0n;
  for (let i = 0; i < parts.length; i++) {
    const numerator = parts[i].numerator;
    quotaSum += numerator;
    units[i] = numerator / denominator;
    remainders[i] = numerator % denominator;
    floorSum += units[i];
  }
  if (quotaSum !== totalUnits * denominator) {
    throw new AllocationInvariantViolated(
      'QUOTAS_SUM_TO_TOTAL',
      `quotas add up to ${quotaSum}/${denominator}, not ${totalUnits} units`,
    );
  }
  const missing = totalUnits - floorSum;
  const roundedUp = new Array<boolean>(parts.length).fill(false);
  if (missing === 0n) return { units, roundedUp };

  const withRemainder = [];
  for (let i = 0; i < parts.length; i++) if (remainders[i] > 0n) withRemainder.push(i);
  // Σ remainders = missing × denominator and each remainder < denominator, so there are more remainders than units.
  if (missing < 0n || missing >= BigInt(withRemainder.length)) {
    throw new AllocationInvariantViolated(
      'LEFTOVER_UNITS_FEWER_THAN_REMAINDERS',
      `${missing} leftover units for ${withRemainder.length} non-zero remainders`,
    );
  }
  withRemainder.sort((a, b) => {
    if (remainders[a] !== remainders[b]) return remainders[a] > remainders[b] ? -1 : 1;
    return compareRecipientCodes(parts[a].key, parts[b].key);
  });
  const count = Number(missing);
  for (let k = 0; k < count; k++) {
    const i = withRemainder[k];
    units[i] += 1n;
    roundedUp[i] = true;
  }
  return { units, roundedUp };
}
