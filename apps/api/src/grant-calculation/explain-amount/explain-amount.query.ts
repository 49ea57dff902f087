import { Query } from '@nestjs/cqrs';
import type { PoolId } from '@grants/domain';
import type { Actor } from '../../auth/actor';

/** Why one recipient gets its amount from one pool: its weight against the national sum, the cap and the rounding. */
export interface PoolExplanation {
  readonly pool: PoolId;
  readonly title: string;
  readonly poolYen: string;
  readonly weight: string;
  readonly weightRule: string;
  readonly nationalWeightSum: string;
  readonly shareOfNationalSum: string;
  readonly capYen: string | null;
  readonly capped: boolean;
  readonly exactShareYen: string;
  readonly amountYen: string;
  readonly amountThousandYen: string;
  readonly rounding: string;
  readonly redistributionRounds: number;
  /** Under a rule that settles a draft against requests: 案, 追加交付 and the draft's components (A, C …). */
  readonly draftYen?: string;
  readonly additionalYen?: string;
  readonly components?: Readonly<Record<string, string>>;
}

export interface AmountExplanation {
  readonly fiscalYear: string;
  readonly code: string;
  readonly calculation: { readonly finalized: boolean; readonly trialNumber: number; readonly recalculationNumber: number | null };
  readonly pools: readonly PoolExplanation[];
}

/** 交付額の根拠 of one recipient (insurer or prefecture), per pool, in the amounts in force (as of the request's point in time). */
export class ExplainAmount extends Query<AmountExplanation> {
  constructor(
    readonly fiscalYear: string,
    readonly code: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
