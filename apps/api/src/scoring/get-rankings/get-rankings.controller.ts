import { Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiQuery } from '@nestjs/swagger';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/auth.decorators';
import { FiscalYearPipe } from '../../common/path-params';
import { ScoringController } from '../scoring-path';
import { GetRankings } from './get-rankings.query';

@ScoringController()
export class GetRankingsController {
  constructor(private readonly queryBus: QueryBus) {}

  /** 順位: nationally, or within one prefecture (?prefecture=24), by total score. */
  @Get('rankings')
  @ApiQuery({ name: 'prefecture', required: false, description: "a prefecture code ('24'): its insurers ranked within it" })
  async get(@Param('fiscalYear', FiscalYearPipe) fiscalYear: string, @Query('prefecture') prefecture: string | undefined, @CurrentActor() actor: Actor) {
    return this.queryBus.execute(new GetRankings(fiscalYear, prefecture, actor));
  }
}
