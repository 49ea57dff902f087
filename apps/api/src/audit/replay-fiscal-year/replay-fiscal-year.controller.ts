import { Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { FiscalYearPipe } from '../../common/path-params';
import { AuditController } from '../audit-path';
import { ReplayFiscalYear } from './replay-fiscal-year.query';

@AuditController()
export class ReplayFiscalYearController {
  constructor(private readonly queryBus: QueryBus) {}

  /** 再計算照合: the year rebuilt from its events alone; every recorded score, trial and recalculation recomputed. */
  @Get('fiscal-years/:fiscalYear/replay')
  replay(@Param('fiscalYear', FiscalYearPipe) fiscalYear: string) {
    return this.queryBus.execute(new ReplayFiscalYear(fiscalYear));
  }
}
