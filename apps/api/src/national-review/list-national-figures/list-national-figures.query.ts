import { Query } from '@nestjs/cqrs';
import type { NationalFigure } from '@grants/domain';
import type { Actor } from '../../auth/actor';

export interface NationalFiguresView {
  readonly fiscalYear: string;
  /**
   * The latest figures recorded for each indicator, by indicator id: every code's for national users and auditors; an
   * insurer's own, or a prefecture's own and its municipalities', for the others.
   */
  readonly figures: Readonly<Record<string, readonly NationalFigure[]>>;
}

/** The national figures recorded so far in a fiscal year, by indicator, as far as the actor's scope reaches. */
export class ListNationalFigures extends Query<NationalFiguresView> {
  constructor(
    readonly fiscalYear: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
