import { Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/auth.decorators';
import { FiscalYearPipe, PrefectureCodePipe } from '../../common/path-params';
import { ScoringController } from '../scoring-path';
import { GetPrefectureScore } from './get-prefecture-score.query';

@ScoringController()
export class GetPrefectureScoreController {
  constructor(private readonly queryBus: QueryBus) {}

  /** 都道府県の評価結果: a prefecture's table against the prefectural framework, and its rank among the 47. */
  @Get('prefecture-scores/:prefectureCode')
  async get(@Param('fiscalYear', FiscalYearPipe) fiscalYear: string, @Param('prefectureCode', PrefectureCodePipe) prefectureCode: string, @CurrentActor() actor: Actor) {
    return this.queryBus.execute(new GetPrefectureScore(fiscalYear, prefectureCode, actor));
  }
}
