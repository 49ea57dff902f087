import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { IndicatorStatistic } from '@grants/domain';
import { percent, yearsView } from '../score-view';
import { ScoresReader } from '../scores.reader';
import { GetIndicatorStatistics, IndicatorStatisticsView, IndicatorStatisticView } from './get-indicator-statistics.query';

const thousandths = (value: number) => Math.round(value * 1000) / 1000;

/** A recorded statistic as published: three decimals; the 該当率 from its count (rate × n is a whole number). */
export function statisticView(s: IndicatorStatistic): IndicatorStatisticView {
  return {
    indicatorId: s.indicatorId,
    grant: s.grant,
    groupId: s.groupId,
    maxPoints: s.maxPoints,
    n: s.n,
    average: thousandths(s.average),
    median: s.median,
    sd: thousandths(s.sd),
    applicableRate: percent(Math.round(s.applicableRate * s.n), s.n),
  };
}

@QueryHandler(GetIndicatorStatistics)
export class GetIndicatorStatisticsHandler implements IQueryHandler<GetIndicatorStatistics> {
  constructor(private readonly scores: ScoresReader) {}

  async execute({ fiscalYear, level }: GetIndicatorStatistics): Promise<IndicatorStatisticsView> {
    const calculation = await this.scores.calculation(fiscalYear);
    const statistics = calculation.indicatorStatistics;
    return {
      fiscalYear,
      ...yearsView(calculation),
      level,
      recorded: statistics !== null,
      indicators: (statistics?.[level] ?? []).map(statisticView),
    };
  }
}
