import { Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Roles } from '../../auth/auth.decorators';
import { FiscalYearPipe } from '../../common/path-params';
import { CalculationsController } from '../calculations-path';
import { GetPendingApprovals } from './get-pending-approvals.query';

@CalculationsController()
export class GetPendingApprovalsController {
  constructor(private readonly queryBus: QueryBus) {}

  /** What awaits a second administrator: the requested finalization (trial, by whom, totals) and each requested score correction. */
  @Get('pending')
  @Roles('national-admin', 'auditor')
  async pending(@Param('fiscalYear', FiscalYearPipe) fiscalYear: string) {
    return this.queryBus.execute(new GetPendingApprovals(fiscalYear));
  }
}
