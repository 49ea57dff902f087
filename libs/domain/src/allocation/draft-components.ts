import { DraftComponent } from './allocation-rules';
import { Rational, rational } from './rational';
import { divideByWeight, RoundingMethod } from './rounding';

export interface DraftRecipient {
  readonly code: string;
  readonly weight: bigint;
  /** The amount of the previous framework or year, in yen, for a transition component; absent: none. */
  readonly previousAmountYen?: bigint | null;
}

/** What one component gives each recipient (same order as the recipients), and what it left unpaid. */
export interface ComponentOutcome {
  readonly id: DraftComponent['id'];
  readonly amountsYen: readonly bigint[];
  /** Exact amounts before rounding. */
  readonly exactShares: readonly Rational[];
  /** Lost to rounding to the unit. */
  readonly roundingRemainderYen: bigint;
  /** Budget the component reserved but did not need (paid to nobody in the draft). */
  readonly unplacedYen: bigint;
}

interface ComponentContext {
  readonly recipients: readonly DraftRecipient[];
  /** The money this component divides: its reserved budget, or for A the pool less every reservation. */
  readonly budgetYen: bigint;
  readonly unitYen: bigint;
  readonly rounding: RoundingMethod;
  /** Components computed before this one (A first). */
  readonly before: readonly ComponentOutcome[];
}

/** The part of the pool a component reserves before A divides the rest. */
export function reservedPermille(component: DraftComponent): number {
  return component.kind === 'weight-share' ? 0 : component.budgetPermille;
}

/** One function per component kind. */
export function computeComponent(component: DraftComponent, context: ComponentContext): ComponentOutcome {
  switch (component.kind) {
    case 'weight-share':
      return weightShare(component.id, context);
    case 'transition-floor':
      return transitionFloor(component.id, component.floorPermille, context);
  }
}

/** A: the budget divided by weight, rounded by the rule. */
function weightShare(id: DraftComponent['id'], context: ComponentContext): ComponentOutcome {
  const division = divideByWeight(context.budgetYen, context.recipients, context.unitYen, context.rounding);
  // With no positive weight nothing is divided: the budget is unplaced, not lost to rounding.
  const divided = context.recipients.some((r) => r.weight > 0n);
  return {
    id,
    amountsYen: division.amountsYen,
    exactShares: division.exactShares,
    roundingRemainderYen: divided ? division.remainderYen : 0n,
    unplacedYen: divided ? 0n : context.budgetYen,
  };
}

/**
 * C as a transition floor: need = max(0, ⌊previous × floor‰⌋ to the unit − what the earlier components gave). If the
 * budget covers every need, each gets its need and the rest of the budget is unplaced; otherwise the budget is divided
 * in proportion to the needs (so nobody gets more than its need) and rounded by the rule.
 */
function transitionFloor(id: DraftComponent['id'], floorPermille: number, context: ComponentContext): ComponentOutcome {
  const { recipients, budgetYen, unitYen } = context;
  const needs = recipients.map((recipient, i) => {
    const target = ((recipient.previousAmountYen ?? 0n) * BigInt(floorPermille)) / 1000n;
    const floorYen = target - (target % unitYen);
    const given = context.before.reduce((sum, outcome) => sum + outcome.amountsYen[i], 0n);
    return floorYen > given ? floorYen - given : 0n;
  });
  const needed = needs.reduce((a, b) => a + b, 0n);
  if (needed <= budgetYen) {
    return { id, amountsYen: needs, exactShares: needs.map((n) => rational(n)), roundingRemainderYen: 0n, unplacedYen: budgetYen - needed };
  }
  const division = divideByWeight(budgetYen, recipients.map((r, i) => ({ code: r.code, weight: needs[i] })), unitYen, context.rounding);
  return { id, amountsYen: division.amountsYen, exactShares: division.exactShares, roundingRemainderYen: division.remainderYen, unplacedYen: 0n };
}
