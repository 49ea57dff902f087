import { floorToUnit, DEFAULT_UNIT_YEN } from './allocation';
import { AllocationRule } from './allocation-rules';
import { AllocationInvariantViolated, InvalidAllocationInput } from './allocation.errors';
import { computeComponent, ComponentOutcome, DraftRecipient, reservedPermille } from './draft-components';
import { addRational, Rational, rational, ZERO } from './rational';
import { compareRecipientCodes } from './recipient-code';
import { divideByWeight, RoundingMethod } from './rounding';
import { AllocationRound, waterFill, WaterFillingEntry } from './water-filling';

export interface SettlementRecipientInput extends DraftRecipient {
  /** 所要見込額 in yen after 内示; absent or null: no request, no cap. */
  readonly requestYen?: bigint | null;
}

export interface SettlementInput {
  readonly poolYen: bigint;
  readonly unitYen?: bigint;
  readonly rule: AllocationRule;
  readonly recipients: readonly SettlementRecipientInput[];
}

export interface SettlementRecipientResult {
  readonly code: string;
  readonly weight: bigint;
  readonly requestYen: bigint | null;
  /** The request floored to the unit: what can be paid at most. */
  readonly effectiveRequestYen: bigint | null;
  /** Each declared component's amount (A, C …), in the rule's order. */
  readonly components: Readonly<Partial<Record<ComponentOutcome['id'], bigint>>>;
  /** 交付見込額（案）: the sum of the components. */
  readonly draftYen: bigint;
  /** True when the request is below the 案: 確定 is exactly the request, no 追加交付. */
  readonly capped: boolean;
  /** True when 追加交付 filled the recipient up to its request. */
  readonly filled: boolean;
  /** 追加交付 and its exact value before rounding. */
  readonly additionalYen: bigint;
  readonly additionalExactYen: Rational;
  /** 確定: the request if capped, else 案 + 追加交付. */
  readonly finalYen: bigint;
  /** The exact 確定 before rounding (components' exact values + exact 追加交付; the request if capped). */
  readonly exactFinalYen: Rational;
}

export interface SettlementResult {
  readonly ruleVersion: string;
  readonly rounding: RoundingMethod;
  readonly poolYen: bigint;
  readonly unitYen: bigint;
  /** Σ 案. */
  readonly draftYen: bigint;
  /** Σ (案 − request) over the capped: the money paid again as 追加交付. */
  readonly freedYen: bigint;
  /** Σ 追加交付. */
  readonly additionalYen: bigint;
  /** Σ 確定. */
  readonly finalYen: bigint;
  /** Lost to rounding to the unit, in the draft and in 追加交付 (reported; never paid). */
  readonly roundingRemainderYen: bigint;
  /** Money no one could take: component budgets not needed, and freed money beyond every headroom. */
  readonly unplacedYen: bigint;
  /** pool − Σ 確定 = roundingRemainderYen + unplacedYen. */
  readonly unallocatedYen: bigint;
  /** Sorted by code ascending, whatever the input order. */
  readonly recipients: readonly SettlementRecipientResult[];
  /** The water-filling rounds of 追加交付 (none when nothing was freed). */
  readonly rounds: readonly AllocationRound[];
  /** Post-conditions verified before the result was returned. */
  readonly invariants: readonly SettlementInvariantId[];
}

/** What `settle` checks on every result; a failure throws AllocationInvariantViolated. */
export const SETTLEMENT_INVARIANTS = Object.freeze([
  'SETTLEMENT_ACCOUNTS_FOR_POOL',
  'SETTLEMENT_NON_NEGATIVE',
  'SETTLEMENT_WHOLE_UNITS',
  'SETTLEMENT_WITHIN_REQUEST',
  'SETTLEMENT_DRAFT_PLUS_ADDITIONAL',
  'SETTLEMENT_CAPPED_GET_REQUEST',
] as const);
export type SettlementInvariantId = (typeof SETTLEMENT_INVARIANTS)[number];

/**
 * 案 → 所要見込額 → 確定 with 追加交付 (DOMAIN.md "Money", caps on both levels), exactly in yen:
 * 1. 案 = Σ components of the rule: every component but A reserves its budget (‰ of the pool); A divides the rest by
 *    weight; then the others in order (draft-components.ts). Rounding is the rule's (`floor` or `largest-remainder`).
 * 2. Requests are floored to the unit. A recipient whose request is below its 案 gets exactly the request (capped);
 *    the difference is freed.
 * 3. The freed money is water-filled, by the same weights, among recipients with weight > 0 whose request exceeds
 *    their 案 (or who made none), each up to its headroom (request − 案), round after round until nobody exceeds a
 *    request; the shares of those not filled are rounded by the rule. What no headroom can take is unplaced.
 * The result depends only on the set of recipients, not their order, and is checked before it is returned.
 */
export function settle(input: SettlementInput): SettlementResult {
  const unitYen = input.unitYen ?? DEFAULT_UNIT_YEN;
  validate(input, unitYen);
  const { rule } = input;
  const recipients = [...input.recipients].sort((a, b) => compareRecipientCodes(a.code, b.code));

  // 1. The draft.
  const reserved = rule.components.map((c) => (input.poolYen * BigInt(reservedPermille(c))) / 1000n);
  const forA = input.poolYen - reserved.reduce((a, b) => a + b, 0n);
  const outcomes: ComponentOutcome[] = [];
  rule.components.forEach((component, k) => {
    const budgetYen = component.kind === 'weight-share' ? forA : reserved[k];
    outcomes.push(computeComponent(component, { recipients, budgetYen, unitYen, rounding: rule.rounding, before: outcomes }));
  });
  const drafts = recipients.map((_, i) => outcomes.reduce((sum, o) => sum + o.amountsYen[i], 0n));

  // 2. Requests below the draft.
  const requests = recipients.map((r) => (r.requestYen == null ? null : floorToUnit(r.requestYen, unitYen)));
  const capped = recipients.map((_, i) => requests[i] !== null && (requests[i] as bigint) < drafts[i]);
  const freedYen = recipients.reduce((sum, _, i) => (capped[i] ? sum + drafts[i] - (requests[i] as bigint) : sum), 0n);

  // 3. 追加交付 by water-filling the freed money over the headroom.
  const eligible: number[] = [];
  recipients.forEach((r, i) => {
    if (r.weight > 0n && (requests[i] === null || (requests[i] as bigint) > drafts[i])) eligible.push(i);
  });
  const additional = new Array<bigint>(recipients.length).fill(0n);
  const additionalExact = new Array<Rational>(recipients.length).fill(ZERO);
  const filled = new Array<boolean>(recipients.length).fill(false);
  let rounds: readonly AllocationRound[] = [];
  let additionalRemainder = 0n;
  let additionalUnplaced = 0n;
  if (freedYen > 0n) {
    const entries: WaterFillingEntry[] = eligible.map((i) => ({
      code: recipients[i].code,
      weight: recipients[i].weight,
      capYen: requests[i] === null ? null : (requests[i] as bigint) - drafts[i],
    }));
    const fill = waterFill(freedYen, entries);
    rounds = fill.rounds;
    const open: number[] = [];
    eligible.forEach((i, k) => {
      if (fill.cappedInRound[k] !== null) {
        additional[i] = entries[k].capYen as bigint;
        additionalExact[i] = rational(additional[i]);
        filled[i] = true;
      } else {
        open.push(i);
      }
    });
    if (open.length === 0) {
      additionalUnplaced = fill.remainingYen;
    } else {
      const division = divideByWeight(fill.remainingYen, open.map((i) => recipients[i]), unitYen, rule.rounding);
      open.forEach((i, k) => {
        additional[i] = division.amountsYen[k];
        additionalExact[i] = division.exactShares[k];
      });
      additionalRemainder = division.remainderYen;
    }
  }

  const results: SettlementRecipientResult[] = recipients.map((r, i) => {
    const components: Partial<Record<ComponentOutcome['id'], bigint>> = {};
    for (const outcome of outcomes) components[outcome.id] = outcome.amountsYen[i];
    const exactDraft = outcomes.reduce((sum, o) => addRational(sum, o.exactShares[i]), ZERO);
    return {
      code: r.code,
      weight: r.weight,
      requestYen: r.requestYen ?? null,
      effectiveRequestYen: requests[i],
      components,
      draftYen: drafts[i],
      capped: capped[i],
      filled: filled[i],
      additionalYen: additional[i],
      additionalExactYen: additionalExact[i],
      finalYen: capped[i] ? (requests[i] as bigint) : drafts[i] + additional[i],
      exactFinalYen: capped[i] ? rational(requests[i] as bigint) : addRational(exactDraft, additionalExact[i]),
    };
  });

  const sum = (values: readonly bigint[]) => values.reduce((a, b) => a + b, 0n);
  const finalYen = sum(results.map((r) => r.finalYen));
  const roundingRemainderYen = sum(outcomes.map((o) => o.roundingRemainderYen)) + additionalRemainder;
  const unplacedYen = sum(outcomes.map((o) => o.unplacedYen)) + additionalUnplaced;
  const result: Omit<SettlementResult, 'invariants'> = {
    ruleVersion: rule.version,
    rounding: rule.rounding,
    poolYen: input.poolYen,
    unitYen,
    draftYen: sum(drafts),
    freedYen,
    additionalYen: sum(additional),
    finalYen,
    roundingRemainderYen,
    unplacedYen,
    unallocatedYen: input.poolYen - finalYen,
    recipients: results,
    rounds,
  };
  checkSettlement(result);
  return { ...result, invariants: SETTLEMENT_INVARIANTS };
}

/** Post-conditions; a failure is a bug in the engine, never a user error. */
function checkSettlement(result: Omit<SettlementResult, 'invariants'>): void {
  const fail = (invariant: SettlementInvariantId, detail: string) => {
    throw new AllocationInvariantViolated(invariant, detail);
  };
  if (result.finalYen + result.roundingRemainderYen + result.unplacedYen !== result.poolYen) {
    fail('SETTLEMENT_ACCOUNTS_FOR_POOL', `Σ確定 ${result.finalYen} + remainder ${result.roundingRemainderYen} + unplaced ${result.unplacedYen} ≠ pool ${result.poolYen}`);
  }
  if (result.roundingRemainderYen < 0n || result.unplacedYen < 0n) fail('SETTLEMENT_NON_NEGATIVE', 'negative remainder or unplaced money');
  for (const r of result.recipients) {
    if (r.finalYen < 0n || r.finalYen % result.unitYen !== 0n || r.draftYen % result.unitYen !== 0n || r.additionalYen % result.unitYen !== 0n) {
      fail('SETTLEMENT_WHOLE_UNITS', `${r.code}: amounts are not whole units`);
    }
    if (r.effectiveRequestYen !== null && r.finalYen > r.effectiveRequestYen) fail('SETTLEMENT_WITHIN_REQUEST', `${r.code}: 確定 ${r.finalYen} > request ${r.effectiveRequestYen}`);
    if (!r.capped && r.finalYen !== r.draftYen + r.additionalYen) fail('SETTLEMENT_DRAFT_PLUS_ADDITIONAL', `${r.code}: 案 + 追加交付 ≠ 確定`);
    if (r.capped && (r.additionalYen !== 0n || r.finalYen !== r.effectiveRequestYen)) fail('SETTLEMENT_CAPPED_GET_REQUEST', `${r.code}: capped but not at its request`);
  }
}

function validate(input: SettlementInput, unitYen: bigint): void {
  const reject = (...args: ConstructorParameters<typeof InvalidAllocationInput>): never => {
    throw new InvalidAllocationInput(...args);
  };
  const bigint = (value: unknown, field: string) => {
    if (typeof value !== 'bigint') reject(field, 'NOT_BIGINT', `${field} は整数（BigInt）で指定してください`, `${field} must be a BigInt`);
  };
  bigint(input.poolYen, 'poolYen');
  if (input.poolYen < 0n) reject('poolYen', 'NEGATIVE_POOL', `プール額が負です（${input.poolYen}）`, `pool is negative (${input.poolYen})`);
  bigint(unitYen, 'unitYen');
  if (unitYen <= 0n) reject('unitYen', 'NON_POSITIVE_UNIT', `端数処理単位は1円以上です（${unitYen}）`, `unit must be ≥ 1 yen (${unitYen})`);
  const components = input.rule.components;
  if (components.filter((c) => c.kind === 'weight-share').length !== 1) {
    reject('rule.components', 'INVALID_COMPONENTS', '配分ルールには基本配分枠（A）がちょうど一つ必要です', 'the rule needs exactly one weight-share component (A)');
  }
  const permille = components.reduce((sum, c) => sum + reservedPermille(c), 0);
  if (components.some((c) => c.kind === 'transition-floor' && (!Number.isInteger(c.floorPermille) || c.floorPermille < 0 || !Number.isInteger(c.budgetPermille) || c.budgetPermille < 0)) || permille > 1000) {
    reject('rule.components', 'INVALID_COMPONENTS', '構成要素のパラメータが不正です（‰ は 0 以上の整数、予算の合計は 1000‰ 以下）', 'component parameters must be whole ‰ ≥ 0 and reserve at most 1000‰');
  }
  const seen = new Set<string>();
  input.recipients.forEach((r, i) => {
    const path = `recipients[${i}]`;
    if (typeof r.code !== 'string' || r.code === '') reject(`${path}.code`, 'EMPTY_CODE', '団体コードが空です', 'code is empty');
    if (seen.has(r.code)) reject(`${path}.code`, 'DUPLICATE_CODE', `団体コード ${r.code} が重複しています`, `code ${r.code} appears more than once`);
    seen.add(r.code);
    bigint(r.weight, `${path}.weight`);
    if (r.weight < 0n) reject(`${path}.weight`, 'NEGATIVE_WEIGHT', `${r.code} のウェイトが負です`, `weight of ${r.code} is negative`);
    if (r.requestYen != null) {
      bigint(r.requestYen, `${path}.requestYen`);
      if (r.requestYen < 0n) reject(`${path}.requestYen`, 'NEGATIVE_CAP', `${r.code} の所要見込額が負です`, `request of ${r.code} is negative`);
    }
    if (r.previousAmountYen != null) {
      bigint(r.previousAmountYen, `${path}.previousAmountYen`);
      if (r.previousAmountYen < 0n) reject(`${path}.previousAmountYen`, 'NEGATIVE_PREVIOUS_AMOUNT', `${r.code} の前年度額が負です`, `previous amount of ${r.code} is negative`);
    }
  });
}
