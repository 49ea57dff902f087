import { Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { FiscalYearPipe } from '../../common/path-params';
import { FiscalYearController } from '../fiscal-year-path';
import { GetReadiness } from './get-readiness.query';

@FiscalYearController()
export class GetReadinessController {
  constructor(private readonly queryBus: QueryBus) {}

  /** 次のフェーズに進むために不足しているもの. */
  @Get(':fiscalYear/readiness')
  async readiness(@Param('fiscalYear', FiscalYearPipe) fiscalYear: string) {
    return this.queryBus.execute(new GetReadiness(fiscalYear));
  }
}
