import { Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiQuery } from '@nestjs/swagger';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/auth.decorators';
import { FiscalYearPipe } from '../../common/path-params';
import { CalculationsController } from '../calculations-path';
import { ExplainAmount } from './explain-amount.query';
import { RecipientCodePipe } from './explain-amount.request';

@CalculationsController()
export class ExplainAmountController {
  constructor(private readonly queryBus: QueryBus) {}

  /** 交付額の根拠: for one recipient, per pool, its score, weight, share of the national sum, cap and rounding. */
  @Get('why/:code')
  @ApiQuery({ name: 'asOf', required: false, description: 'global position or ISO time: the amount as it stood then' })
  async why(@Param('fiscalYear', FiscalYearPipe) fiscalYear: string, @Param('code', RecipientCodePipe) code: string, @CurrentActor() actor: Actor) {
    return this.queryBus.execute(new ExplainAmount(fiscalYear, code, actor));
  }
}
