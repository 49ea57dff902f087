import { Query } from '@nestjs/cqrs';
import type { GrantsFinalized, GrantTrialCalculated } from '@grants/domain';
import type { Actor } from '../../auth/actor';

export type LatestCalculationView = Omit<GrantTrialCalculated['data'], 'pools'> & {
  readonly finalized: Pick<GrantsFinalized['data'], 'trialNumber' | 'requestedBy' | 'approvedBy' | 'finalizedAt'> | null;
  readonly pools: GrantTrialCalculated['data']['pools'];
};

/** The latest trial with the finalization if any, whole (national users) or one recipient's amounts (`code`). */
export class GetLatestCalculation extends Query<LatestCalculationView> {
  constructor(
    readonly fiscalYear: string,
    readonly code: string | undefined,
    readonly actor: Actor,
  ) {
    super();
  }
}
