import { Query } from '@nestjs/cqrs';
import type { ReplayReport } from '@grants/domain';

/** 再計算照合: the year rebuilt from its events alone; every recorded decision recomputed (scores, trials, 内示, finalization, corrections, recalculations and their differences) and the pool invariants checked. */
export class ReplayFiscalYear extends Query<ReplayReport & { readonly reproduced: boolean }> {
  constructor(readonly fiscalYear: string) {
    super();
  }
}
