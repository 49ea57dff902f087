import { Query } from '@nestjs/cqrs';
import type { NationalFigure } from '@grants/domain';

export interface NationalFiguresView {
  readonly fiscalYear: string;
  /** The latest figures recorded for each indicator, by indicator id. */
  readonly figures: Readonly<Record<string, readonly NationalFigure[]>>;
}

/** The national figures recorded so far in a fiscal year, by indicator. */
export class ListNationalFigures extends Query<NationalFiguresView> {
  constructor(readonly fiscalYear: string) {
    super();
  }
}
