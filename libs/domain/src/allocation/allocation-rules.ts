import { RoundingMethod } from './rounding';

/**
 * A component of the draft 交付見込額（案）(DOMAIN.md "Money"): data in the rule, computed by one function each
 * (draft-components.ts). A later rule adds a kind here and a function there; the rules of recorded years never change.
 */
export type DraftComponent =
  /** 基本配分枠等 (A): the pool, less what the other components reserve, divided by weight. */
  | { readonly id: 'A'; readonly kind: 'weight-share' }
  /**
   * 激変緩和措置 (C), one possible form: a transition floor against the previous amount given in the inputs. Out of
   * `budgetPermille` ‰ of the pool, a recipient whose A is below `floorPermille` ‰ of its previous amount is topped up
   * to that floor; if the budget does not cover every top-up, it is divided in proportion to them. What the budget
   * does not need stays unplaced in the draft.
   */
  | { readonly id: 'C'; readonly kind: 'transition-floor'; readonly floorPermille: number; readonly budgetPermille: number };

/** The weight of a recipient in A: municipal score × 第1号被保険者数, prefectural score (allocation-weight.ts). */
export type WeightRule = 'score-x-category1-insured';

/**
 * `single-pass`: the allocation recorded before the settlement rules — one water-filling of the pool under the requests, one
 * amount per recipient. `draft-then-requests`: 案 from the components, then 確定 = min(案, 所要見込額) with the freed
 * money paid as 追加交付 to those whose request exceeds their 案 (settlement.ts).
 */
export type SettlementMethod = 'single-pass' | 'draft-then-requests';

export interface AllocationRule {
  readonly version: string;
  readonly weight: WeightRule;
  readonly rounding: RoundingMethod;
  readonly settlement: SettlementMethod;
  /** A first; the others in the order they are computed. */
  readonly components: readonly DraftComponent[];
}

const COMPONENT_A: DraftComponent = { id: 'A', kind: 'weight-share' };

/** The rule every year opened before the rule table was calculated with, whatever version string it recorded. */
const SINGLE_PASS_LARGEST_REMAINDER: Omit<AllocationRule, 'version'> = {
  weight: 'score-x-category1-insured',
  rounding: 'largest-remainder',
  settlement: 'single-pass',
  components: [COMPONENT_A],
};

/**
 * The rule table: allocation rule version → weight rule, rounding, settlement and components. Entries are only ever
 * added; a recorded year replays with the entry of its version.
 */
export const ALLOCATION_RULES: Readonly<Record<string, AllocationRule>> = Object.freeze({
  'municipal-score-x-insured-v1': { version: 'municipal-score-x-insured-v1', ...SINGLE_PASS_LARGEST_REMAINDER },
  /** From FY2024 (MHLW practice): 案 = A, amounts floored to 千円 with the remainder reported, 確定 with 追加交付. */
  'mhlw-fy2024-v1': {
    version: 'mhlw-fy2024-v1',
    weight: 'score-x-category1-insured',
    rounding: 'floor',
    settlement: 'draft-then-requests',
    components: [COMPONENT_A],
  },
});

/**
 * The rule of an allocation rule version. Versions not in the table are those years were opened with before the
 * table existed (free-form names such as `v1`): they keep today's single-pass largest-remainder rule, so they replay
 * identically.
 */
export function allocationRuleOf(version: string): AllocationRule {
  return ALLOCATION_RULES[version] ?? { version, ...SINGLE_PASS_LARGEST_REMAINDER };
}
