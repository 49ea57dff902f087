import { Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { FiscalYearPipe } from '../../common/path-params';
import { AuditController } from '../audit-path';
import { ListCalculations } from './list-calculations.query';

@AuditController()
export class ListCalculationsController {
  constructor(private readonly queryBus: QueryBus) {}

  /** 算定一覧: every trial, the finalization and every recalculation, by the names `diff` accepts. */
  @Get('fiscal-years/:fiscalYear/calculations')
  calculations(@Param('fiscalYear', FiscalYearPipe) fiscalYear: string) {
    return this.queryBus.execute(new ListCalculations(fiscalYear));
  }
}
