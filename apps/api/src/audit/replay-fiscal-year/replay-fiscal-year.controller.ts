import { Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { FiscalYearPipe } from '../../common/path-params';
import { AuditController } from '../audit-path';
import { ReplayFiscalYear } from './replay-fiscal-year.query';

@AuditController()
export class ReplayFiscalYearController {
  constructor(private readonly queryBus: QueryBus) {}

  /** 再計算照合: the year rebuilt from its events alone; every recorded decision recomputed (scores, trials, 内示, finalization, corrections, recalculations and their differences) and the pool invariants checked. */
  @Get('fiscal-years/:fiscalYear/replay')
  replay(@Param('fiscalYear', FiscalYearPipe) fiscalYear: string) {
    return this.queryBus.execute(new ReplayFiscalYear(fiscalYear));
  }
}
