import { Rational, rational } from './rational';
import { compareRecipientCodes } from './recipient-code';

/** A recipient as the water-filling sees it: a weight and a cap already in whole units (or none). */
export interface WaterFillingEntry {
  readonly code: string;
  readonly weight: bigint;
  /** Cap in yen, a multiple of the unit; null means no cap (an unbounded request). */
  readonly capYen: bigint | null;
}

/** One pass of dividing the money left among the recipients not yet capped. */
export interface AllocationRound {
  /** 1-based round number. */
  readonly round: number;
  /** Money divided in this round: the placeable pool minus every cap fixed in earlier rounds. */
  readonly dividedYen: bigint;
  /** Sum of the weights of the recipients sharing in this round. */
  readonly weightTotal: bigint;
  /** How many recipients share in this round. */
  readonly recipientCount: number;
  /** Codes, ascending, of the recipients whose proportional share in this round exceeded their cap. */
  readonly cappedCodes: readonly string[];
  /** Sum of the caps fixed in this round; they receive exactly this. */
  readonly cappedYen: bigint;
  /**
   * Money freed by this round's caps (their proportional shares minus their caps): the next round re-divides it among
   * the rest, or, if nobody is left, it stays unallocated. Zero in a round that caps nobody.
   */
  readonly redistributedYen: Rational;
}

export interface WaterFillingOutcome {
  readonly rounds: readonly AllocationRound[];
  /** Per entry (same order as given): the round in which it was capped, or null if it never was. */
  readonly cappedInRound: readonly (number | null)[];
  /** Money left for the uncapped after the last round; unplaceable if `remainingWeight` is 0. */
  readonly remainingYen: bigint;
  /** Sum of the weights of the recipients with positive weight that were never capped. */
  readonly remainingWeight: bigint;
}

/**
 * Water-filling of `poolYen` in proportion to weight under caps (DOMAIN.md, prefectural rule). Each round divides the
 * money left among the recipients not yet capped; everyone whose share exceeds the cap (share > cap, strictly) gets
 * exactly the cap, and the rest is divided again, until nobody exceeds a cap or everyone is capped.
 *
 * A recipient is capped in a round exactly when cap/weight < dividedYen/weightTotal, so the newly capped ones are
 * always the next ones in cap/weight order. Sorting once by that ratio makes the whole fill O(n log n) while still
 * recording every round as the round-by-round rule would produce it. Recipients with weight 0 never share and are
 * never capped.
 */
export function waterFill(poolYen: bigint, entries: readonly WaterFillingEntry[]): WaterFillingOutcome {
  const cappedInRound: (number | null)[] = new Array<number | null>(entries.length).fill(null);
  const cappable: number[] = [];
  let remainingWeight = 0n;
  let activeCount = 0;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (entry.weight <= 0n) continue;
    remainingWeight += entry.weight;
    activeCount++;
    if (entry.capYen !== null) cappable.push(i);
  }
  // Ascending cap/weight, compared by cross-multiplication; equal ratios are always capped in the same round.
  cappable.sort((a, b) => {
    const left = (entries[a].capYen as bigint) * entries[b].weight;
    const right = (entries[b].capYen as bigint) * entries[a].weight;
    if (left !== right) return left < right ? -1 : 1;
    return compareRecipientCodes(entries[a].code, entries[b].code);
  });

  const rounds: AllocationRound[] = [];
  let remainingYen = poolYen;
  let next = 0;
  while (activeCount > 0) {
    const dividedYen = remainingYen;
    const weightTotal = remainingWeight;
    const newlyCapped: number[] = [];
    let cappedYen = 0n;
    let cappedWeight = 0n;
    // share > cap  ⇔  dividedYen × weight / weightTotal > cap  ⇔  dividedYen × weight > cap × weightTotal
    while (next < cappable.length) {
      const entry = entries[cappable[next]];
      if (dividedYen * entry.weight <= (entry.capYen as bigint) * weightTotal) break;
      newlyCapped.push(cappable[next]);
      cappedYen += entry.capYen as bigint;
      cappedWeight += entry.weight;
      next++;
    }
    const round = rounds.length + 1;
    for (const i of newlyCapped) cappedInRound[i] = round;
    rounds.push({
      round,
      dividedYen,
      weightTotal,
      recipientCount: activeCount,
      cappedCodes: newlyCapped.map((i) => entries[i].code).sort(compareRecipientCodes),
      cappedYen,
      redistributedYen: rational(dividedYen * cappedWeight - cappedYen * weightTotal, weightTotal),
    });
    if (newlyCapped.length === 0) break;
    remainingYen -= cappedYen;
    remainingWeight -= cappedWeight;
    activeCount -= newlyCapped.length;
  }
  return { rounds, cappedInRound, remainingYen, remainingWeight };
}
