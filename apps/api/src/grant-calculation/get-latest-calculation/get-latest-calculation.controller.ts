import { Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiQuery } from '@nestjs/swagger';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/auth.decorators';
import { FiscalYearPipe } from '../../common/path-params';
import { CalculationsController } from '../calculations-path';
import { GetLatestCalculation } from './get-latest-calculation.query';

@CalculationsController()
export class GetLatestCalculationController {
  constructor(private readonly queryBus: QueryBus) {}

  /**
   * The amounts in force (the latest recalculation, else the final, else the latest trial), one recipient's
   * (?code=242055 or ?code=24), or one prefecture's area: itself and its municipalities (?prefecture=24).
   */
  @Get('latest')
  @ApiQuery({ name: 'code', required: false })
  @ApiQuery({ name: 'prefecture', required: false, description: "a prefecture code ('24'): its own amounts and its municipalities'" })
  @ApiQuery({ name: 'asOf', required: false, description: 'global position or ISO time: the calculation as it stood then' })
  async latest(
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: string,
    @Query('code') code: string | undefined,
    @Query('prefecture') prefecture: string | undefined,
    @CurrentActor() actor: Actor,
  ) {
    return this.queryBus.execute(new GetLatestCalculation(fiscalYear, code, actor, prefecture));
  }
}
