import { Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Roles } from '../../auth/auth.decorators';
import { FiscalYearPipe } from '../../common/path-params';
import { FiscalYearController } from '../fiscal-year-path';
import { GetReadiness } from './get-readiness.query';

@FiscalYearController()
export class GetReadinessController {
  constructor(private readonly queryBus: QueryBus) {}

  /** 次のフェーズに進むために不足しているもの (naming insurers and prefectures: for national users and auditors). */
  @Get(':fiscalYear/readiness')
  @Roles('national-admin', 'national-reviewer', 'auditor')
  async readiness(@Param('fiscalYear', FiscalYearPipe) fiscalYear: string) {
    return this.queryBus.execute(new GetReadiness(fiscalYear));
  }
}
