import { Query } from '@nestjs/cqrs';
import type { GrantsFinalized, GrantsRecalculated, GrantTrialCalculated } from '@grants/domain';
import type { Actor } from '../../auth/actor';

/**
 * The latest trial (its number, inputs, rule and checks), the finalization and the latest recalculation if any, and the
 * amounts in force (`calculation` names them: `trial:N`, `final` or `recalculation:N`, by the one rule `inForceOf`).
 */
export type LatestCalculationView = Omit<GrantTrialCalculated['data'], 'pools'> & {
  readonly finalized: Pick<GrantsFinalized['data'], 'trialNumber' | 'requestedBy' | 'approvedBy' | 'finalizedAt'> | null;
  readonly recalculation: Pick<GrantsRecalculated['data'], 'recalculationNumber' | 'calculatedAt'> | null;
  readonly calculation: string;
  readonly pools: GrantTrialCalculated['data']['pools'];
};

/**
 * The amounts in force with the latest trial and the finalization, whole (national users), one recipient's (`code`)
 * or one prefecture's area (`prefecture`: the prefecture and its municipalities).
 */
export class GetLatestCalculation extends Query<LatestCalculationView> {
  constructor(
    readonly fiscalYear: string,
    readonly code: string | undefined,
    readonly actor: Actor,
    readonly prefecture?: string,
  ) {
    super();
  }
}
