import { Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { FiscalYearPipe } from '../../common/path-params';
import { FiscalYearController } from '../fiscal-year-path';
import { GetFramework } from './get-framework.query';

@FiscalYearController()
export class GetFrameworkController {
  constructor(private readonly queryBus: QueryBus) {}

  /** 指標体系: the frameworks the year was opened with. */
  @Get(':fiscalYear/frameworks/:level')
  async framework(@Param('fiscalYear', FiscalYearPipe) fiscalYear: string, @Param('level') level: string) {
    return this.queryBus.execute(new GetFramework(fiscalYear, level));
  }
}
