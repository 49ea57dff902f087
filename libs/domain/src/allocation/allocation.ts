import { AllocationInvariantId, checkAllocationInvariants } from './allocation-invariants';
import { InvalidAllocationInput } from './allocation.errors';
import { largestRemainder } from './largest-remainder';
import { Rational, ZERO, proportionalShares, rational, toDecimalString } from './rational';
import { compareRecipientCodes } from './recipient-code';
import { AllocationRound, WaterFillingEntry, waterFill } from './water-filling';

export type { AllocationInvariantId, AllocationRound };

/** Grants are published in 千円, so by default every amount is a whole number of thousands of yen. */
export const DEFAULT_UNIT_YEN = 1000n;

/** Decimal places of `exactShareDisplay`; display only, amounts never depend on it. */
export const EXACT_SHARE_DISPLAY_DECIMALS = 3;

export interface AllocationRecipientInput {
  /** Recipient code (団体コード of the insurer or prefecture): the output order and the tie-break key. */
  readonly code: string;
  /** Share key, ≥ 0; see `municipalDefaultWeight` and `prefecturalDefaultWeight`. */
  readonly weight: bigint;
  /** Requested amount (所要見込額) in yen: the most this recipient may receive. Absent or null: no cap. */
  readonly capYen?: bigint | null;
}

export interface AllocationInput {
  /** The pool of the fiscal year being divided (e.g. 推進 × municipal), in yen; ≥ 0. */
  readonly poolYen: bigint;
  /** Rounding unit in yen, > 0; defaults to `DEFAULT_UNIT_YEN` (1,000 yen). */
  readonly unitYen?: bigint;
  readonly recipients: readonly AllocationRecipientInput[];
  /** Version of the allocation rule the fiscal year was opened with; copied to the result for the audit trail. */
  readonly ruleVersion: string;
}

export interface AllocationRecipientResult {
  readonly code: string;
  readonly weight: bigint;
  /** The requested amount as given, or null for no cap. */
  readonly capYen: bigint | null;
  /** The cap that binds: `capYen` floored to the unit, because money is paid in whole units. */
  readonly effectiveCapYen: bigint | null;
  /** True when water-filling held this recipient at its cap (its proportional share exceeded it). */
  readonly capped: boolean;
  /** The round in which the recipient was capped, or null. */
  readonly cappedInRound: number | null;
  /**
   * Exact water-filled amount before rounding to the unit: the effective cap if capped, otherwise
   * (money left for the uncapped) × weight / (sum of the uncapped weights); 0 for weight 0.
   */
  readonly exactShareYen: Rational;
  /** `exactShareYen` in yen, rounded half up to `EXACT_SHARE_DISPLAY_DECIMALS` places, for display only. */
  readonly exactShareDisplay: string;
  /** True when the largest-remainder step gave this recipient one unit above the floor of its exact share. */
  readonly roundedUp: boolean;
  /** The grant, a whole number of units. */
  readonly amountYen: bigint;
}

export interface AllocationResult {
  readonly ruleVersion: string;
  readonly poolYen: bigint;
  readonly unitYen: bigint;
  /** Sum of all amounts: min(pool floored to the unit, sum of the effective caps of recipients with weight > 0). */
  readonly placedYen: bigint;
  /** `poolYen − placedYen`: the sub-unit remainder plus whatever the caps (or zero weights) left unplaceable. */
  readonly unallocatedYen: bigint;
  /** `poolYen mod unitYen`: the part of `unallocatedYen` that is less than one unit and can never be paid. */
  readonly subUnitRemainderYen: bigint;
  /** Sorted by code ascending, whatever the input order. */
  readonly recipients: readonly AllocationRecipientResult[];
  /** Every round of water-filling, including the last one in which nobody is capped (if anyone is left). */
  readonly rounds: readonly AllocationRound[];
  /** Invariants verified on this result before it was returned (see `checkAllocationInvariants`). */
  readonly invariants: readonly AllocationInvariantId[];
}

/**
 * Divides a pool among recipients in proportion to weight, with caps, exactly in yen (DOMAIN.md "Money").
 *
 * Rules, in order:
 * 1. Unit: the pool is floored to a whole number of units (`unitYen`); the sub-unit remainder (pool mod unit) is
 *    unallocated. Caps are floored to the unit too, since a cap of 1,234,500 yen can only be paid as 1,234 千円.
 * 2. Water-filling (`waterFill`): each round divides the money left in proportion to the weights of the recipients not
 *    yet capped; a recipient whose share exceeds its (floored) cap gets exactly the cap; rounds repeat until nobody
 *    exceeds a cap. If every recipient with weight > 0 ends up capped, the money left is unallocated.
 * 3. Zero weights: a recipient with weight 0 shares in nothing and gets 0. If no recipient has weight > 0 (including
 *    an empty list), nothing is placed and the whole pool is unallocated; there are no rounds.
 * 4. Rounding (`largestRemainder`, Hamilton): capped recipients get their cap. The uncapped get floor(exact share /
 *    unit) units, and the units still missing go one each to the largest remainders; equal remainders are broken by
 *    recipient code ascending (UTF-16 order). Amounts then add up exactly to the placed total, and nobody exceeds a
 *    cap, because a share at or below a cap that is a whole number of units never rounds above it.
 *
 * The result depends only on the set of recipients, not on their order, and is checked against its invariants
 * before it is returned; a violation throws `AllocationInvariantViolated` (a bug, never a user error).
 *
 * @throws InvalidAllocationInput for a negative pool, weight or cap, a unit ≤ 0, an empty or duplicate code, an empty
 *   rule version, or a value that is not a BigInt.
 */
export function allocate(input: AllocationInput): AllocationResult {
  const unitYen = input.unitYen ?? DEFAULT_UNIT_YEN;
  validate(input, unitYen);

  const sorted = [...input.recipients].sort((a, b) => compareRecipientCodes(a.code, b.code));
  const entries: WaterFillingEntry[] = sorted.map((recipient) => ({
    code: recipient.code,
    weight: recipient.weight,
    capYen: recipient.capYen == null ? null : floorToUnit(recipient.capYen, unitYen),
  }));

  const subUnitRemainderYen = input.poolYen % unitYen;
  const placeableYen = input.poolYen - subUnitRemainderYen;
  const fill = waterFill(placeableYen, entries);

  const amounts = new Array<bigint>(entries.length).fill(0n);
  const exactShares = new Array<Rational>(entries.length).fill(ZERO);
  const roundedUp = new Array<boolean>(entries.length).fill(false);
  const uncapped: number[] = [];
  for (let i = 0; i < entries.length; i++) {
    if (fill.cappedInRound[i] !== null) {
      amounts[i] = entries[i].capYen as bigint;
      exactShares[i] = rational(amounts[i]);
    } else if (entries[i].weight > 0n) {
      uncapped.push(i);
    }
  }

  let placedYen = placeableYen;
  if (uncapped.length === 0) {
    // Everyone with weight is capped (or nobody has weight): what the caps leave stays unallocated.
    placedYen -= fill.remainingYen;
  } else {
    // Exact share in units = remainingYen × weight / (remainingWeight × unit); remainingYen is a whole number of units.
    const denominator = fill.remainingWeight * unitYen;
    const rounding = largestRemainder(
      fill.remainingYen / unitYen,
      denominator,
      uncapped.map((i) => ({ key: entries[i].code, numerator: fill.remainingYen * entries[i].weight })),
    );
    const shares = proportionalShares(
      fill.remainingYen,
      uncapped.map((i) => entries[i].weight),
      fill.remainingWeight,
    );
    uncapped.forEach((i, k) => {
      amounts[i] = rounding.units[k] * unitYen;
      roundedUp[i] = rounding.roundedUp[k];
      exactShares[i] = shares[k];
    });
  }

  const recipients: AllocationRecipientResult[] = entries.map((entry, i) => ({
    code: entry.code,
    weight: entry.weight,
    capYen: sorted[i].capYen ?? null,
    effectiveCapYen: entry.capYen,
    capped: fill.cappedInRound[i] !== null,
    cappedInRound: fill.cappedInRound[i],
    exactShareYen: exactShares[i],
    exactShareDisplay: toDecimalString(exactShares[i], EXACT_SHARE_DISPLAY_DECIMALS),
    roundedUp: roundedUp[i],
    amountYen: amounts[i],
  }));

  const result = {
    ruleVersion: input.ruleVersion,
    poolYen: input.poolYen,
    unitYen,
    placedYen,
    unallocatedYen: input.poolYen - placedYen,
    subUnitRemainderYen,
    recipients,
    rounds: fill.rounds,
  };
  return { ...result, invariants: checkAllocationInvariants(result) };
}

/** Floors a non-negative amount to a whole number of units. */
export function floorToUnit(yen: bigint, unitYen: bigint): bigint {
  return yen - (yen % unitYen);
}

function validate(input: AllocationInput, unitYen: bigint): void {
  requireBigInt(input.poolYen, 'poolYen', 'プール額', 'pool');
  if (input.poolYen < 0n) {
    reject('poolYen', 'NEGATIVE_POOL', `プール額が負です（${input.poolYen}）`, `pool is negative (${input.poolYen})`);
  }
  requireBigInt(unitYen, 'unitYen', '端数処理単位', 'unit');
  if (unitYen <= 0n) {
    reject('unitYen', 'NON_POSITIVE_UNIT', `端数処理単位は1円以上です（${unitYen}）`, `unit must be ≥ 1 yen (${unitYen})`);
  }
  if (typeof input.ruleVersion !== 'string' || input.ruleVersion.trim() === '') {
    reject('ruleVersion', 'EMPTY_RULE_VERSION', '配分ルールの版が空です', 'rule version is empty');
  }
  if (!Array.isArray(input.recipients)) {
    reject('recipients', 'NOT_A_LIST', '配分先は配列で指定してください', 'recipients must be an array');
  }
  const seen = new Set<string>();
  input.recipients.forEach((recipient, i) => {
    const path = `recipients[${i}]`;
    if (typeof recipient.code !== 'string' || recipient.code === '') {
      reject(`${path}.code`, 'EMPTY_CODE', '団体コードが空です', 'code is empty');
    }
    if (seen.has(recipient.code)) {
      reject(
        `${path}.code`,
        'DUPLICATE_CODE',
        `団体コード ${recipient.code} が重複しています`,
        `code ${recipient.code} appears more than once`,
      );
    }
    seen.add(recipient.code);
    requireBigInt(recipient.weight, `${path}.weight`, 'ウェイト', 'weight');
    if (recipient.weight < 0n) {
      reject(
        `${path}.weight`,
        'NEGATIVE_WEIGHT',
        `${recipient.code} のウェイトが負です（${recipient.weight}）`,
        `weight of ${recipient.code} is negative (${recipient.weight})`,
      );
    }
    if (recipient.capYen != null) {
      requireBigInt(recipient.capYen, `${path}.capYen`, '所要見込額', 'cap');
      if (recipient.capYen < 0n) {
        reject(
          `${path}.capYen`,
          'NEGATIVE_CAP',
          `${recipient.code} の所要見込額が負です（${recipient.capYen}）`,
          `cap of ${recipient.code} is negative (${recipient.capYen})`,
        );
      }
    }
  });
}

function requireBigInt(value: unknown, field: string, nameJa: string, nameEn: string): void {
  if (typeof value !== 'bigint') {
    reject(field, 'NOT_BIGINT', `${nameJa}は整数（BigInt）で指定してください`, `${nameEn} must be a BigInt`);
  }
}

function reject(...args: ConstructorParameters<typeof InvalidAllocationInput>): never {
  throw new InvalidAllocationInput(...args);
}
