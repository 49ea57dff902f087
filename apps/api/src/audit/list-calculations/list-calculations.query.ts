import { Query } from '@nestjs/cqrs';

export interface CalculationList {
  readonly fiscalYear: string;
  readonly inForce: string | null;
  readonly calculations: readonly { readonly ref: string; readonly label: string; readonly position: string; readonly eventId: string; readonly recordedAt: Date | null }[];
}

/** 算定一覧: every trial, the finalization and every recalculation, by the names `diff` accepts. */
export class ListCalculations extends Query<CalculationList> {
  constructor(readonly fiscalYear: string) {
    super();
  }
}
