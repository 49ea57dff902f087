import { Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiQuery } from '@nestjs/swagger';
import type { SizeBand } from '@grants/domain';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/auth.decorators';
import { FiscalYearPipe } from '../../common/path-params';
import { ScoringController } from '../scoring-path';
import { GetRankings } from './get-rankings.query';
import { SizeBandPipe } from './get-rankings.request';

@ScoringController()
export class GetRankingsController {
  constructor(private readonly queryBus: QueryBus) {}

  /** 順位: nationally, within one prefecture (?prefecture=24) or within one 規模区分 (?sizeBand=3), by total score. */
  @Get('rankings')
  @ApiQuery({ name: 'prefecture', required: false, description: "a prefecture code ('24'): its insurers ranked within it" })
  @ApiQuery({ name: 'sizeBand', required: false, enum: [1, 2, 3, 4, 5], description: '規模区分 by 第1号被保険者数 (1: < 3,000 … 5: ≥ 100,000): its insurers ranked within it' })
  async get(
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: string,
    @Query('prefecture') prefecture: string | undefined,
    @Query('sizeBand', SizeBandPipe) sizeBand: SizeBand | undefined,
    @CurrentActor() actor: Actor,
  ) {
    return this.queryBus.execute(new GetRankings(fiscalYear, prefecture, actor, sizeBand));
  }
}
