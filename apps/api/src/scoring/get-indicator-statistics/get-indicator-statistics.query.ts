import { Query } from '@nestjs/cqrs';
import type { IndicatorStatistic, NamedFiscalYear } from '@grants/domain';
import type { StatisticsLevel } from './get-indicator-statistics.request';

/** One indicator nationally: average, median and population SD of its points (3 decimals), and its 該当率. */
export type IndicatorStatisticView = Omit<IndicatorStatistic, 'applicableRate'> & {
  /** 該当率: the share of the level's scored recipients with points > 0, one decimal. */
  readonly applicableRate: string;
};

export interface IndicatorStatisticsView {
  readonly fiscalYear: string;
  /** 交付年度 and 評価対象年度 (N−1), with their 和暦 names. */
  readonly grantYear: NamedFiscalYear;
  readonly activityYear: NamedFiscalYear;
  readonly level: StatisticsLevel;
  /** False for a year scored before the statistics were recorded: then `indicators` is empty. */
  readonly recorded: boolean;
  readonly indicators: readonly IndicatorStatisticView[];
}

/** 指標別の全国統計: per indicator, as recorded when the year was scored. */
export class GetIndicatorStatistics extends Query<IndicatorStatisticsView> {
  constructor(
    readonly fiscalYear: string,
    readonly level: StatisticsLevel,
  ) {
    super();
  }
}
