import { Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/auth.decorators';
import { FiscalYearPipe, InsurerCodePipe } from '../../common/path-params';
import { ScoringController } from '../scoring-path';
import { GetInsurerScore } from './get-insurer-score.query';

@ScoringController()
export class GetInsurerScoreController {
  constructor(private readonly queryBus: QueryBus) {}

  /** 評価結果: an insurer's table in the published shape (group max, score, rate, national rate) and its ranks. */
  @Get('scores/:insurerCode')
  async get(@Param('fiscalYear', FiscalYearPipe) fiscalYear: string, @Param('insurerCode', InsurerCodePipe) insurerCode: string, @CurrentActor() actor: Actor) {
    return this.queryBus.execute(new GetInsurerScore(fiscalYear, insurerCode, actor));
  }
}
