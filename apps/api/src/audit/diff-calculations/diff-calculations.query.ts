import { Query } from '@nestjs/cqrs';
import type { CalculationDiff } from '@grants/domain';

/** 比較: two calculations (or the amounts in force at two points of the log) side by side, per pool and recipient. */
export class DiffCalculations extends Query<CalculationDiff & { readonly fiscalYear: string }> {
  constructor(
    readonly fiscalYear: string,
    readonly from: string,
    readonly to: string,
    readonly all: boolean,
  ) {
    super();
  }
}
