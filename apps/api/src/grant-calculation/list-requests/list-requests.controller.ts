import { Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Roles } from '../../auth/auth.decorators';
import { FiscalYearPipe } from '../../common/path-params';
import { CalculationsController } from '../calculations-path';
import { ListRequests } from './list-requests.query';

@CalculationsController()
export class ListRequestsController {
  constructor(private readonly queryBus: QueryBus) {}

  /** 所要見込額の受付状況: each recipient of the 内示 with its 案 and the 所要見込額 received, and per pool Σ案 and what is freed. */
  @Get('requests')
  @Roles('national-admin', 'national-reviewer', 'auditor')
  async requests(@Param('fiscalYear', FiscalYearPipe) fiscalYear: string) {
    return this.queryBus.execute(new ListRequests(fiscalYear));
  }
}
