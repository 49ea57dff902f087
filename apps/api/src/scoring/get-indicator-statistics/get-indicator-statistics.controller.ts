import { Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiQuery } from '@nestjs/swagger';
import { FiscalYearPipe } from '../../common/path-params';
import { ScoringController } from '../scoring-path';
import { GetIndicatorStatistics } from './get-indicator-statistics.query';
import { StatisticsLevelPipe } from './get-indicator-statistics.request';
import type { StatisticsLevel } from './get-indicator-statistics.request';

@ScoringController()
export class GetIndicatorStatisticsController {
  constructor(private readonly queryBus: QueryBus) {}

  /** 指標別の全国統計: per indicator, the national average, median, population SD and 該当率 of the scored year. */
  @Get('indicator-statistics')
  @ApiQuery({ name: 'level', required: false, enum: ['municipal', 'prefectural'], description: 'municipal (the default) or prefectural' })
  async get(@Param('fiscalYear', FiscalYearPipe) fiscalYear: string, @Query('level', StatisticsLevelPipe) level: StatisticsLevel) {
    return this.queryBus.execute(new GetIndicatorStatistics(fiscalYear, level));
  }
}
