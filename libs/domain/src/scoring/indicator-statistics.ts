import { GrantId } from '../framework/framework';
import { NationalScore } from './score-nation';

/**
 * One indicator's national statistics over the level's scored recipients (municipal: every insurer scored, members of
 * a 広域連合 one by one; prefectural: the 47), as recorded in ScoresCalculated.
 */
export interface IndicatorStatistic {
  readonly indicatorId: string;
  /** The grant and group it is scored in (a shared group's item: the first grant it counts in). */
  readonly grant: GrantId;
  readonly groupId: string;
  readonly maxPoints: number;
  readonly n: number;
  /** Mean points. */
  readonly average: number;
  /** The middle value; for an even n the mean of the two middle values. */
  readonly median: number;
  /** Population standard deviation (÷ n), as the MHLW workbook's 標準偏差. */
  readonly sd: number;
  /** 該当率: the share of the recipients with points > 0. */
  readonly applicableRate: number;
}

/** Mean, median, population SD and the share of values above 0 of a non-empty list of points. */
export function pointsStatistics(values: readonly number[]): Pick<IndicatorStatistic, 'n' | 'average' | 'median' | 'sd' | 'applicableRate'> {
  const n = values.length;
  if (n === 0) throw new RangeError('pointsStatistics: no values');
  const average = values.reduce((a, b) => a + b, 0) / n;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(n / 2);
  const median = n % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  const variance = values.reduce((sum, value) => sum + (value - average) ** 2, 0) / n;
  return { n, average, median, sd: Math.sqrt(variance), applicableRate: values.filter((value) => value > 0).length / n };
}

/**
 * The statistics of every indicator of the framework's groups, in framework order, from the points of every recipient
 * of the national score (sorted by code, so the sums run in one order on every machine).
 */
export function indicatorStatistics(national: NationalScore): IndicatorStatistic[] {
  const first = national.insurers[0];
  if (!first) return [];
  const located = new Map<string, { grant: GrantId; groupId: string; maxPoints: number }>();
  for (const grant of first.grants) {
    for (const goal of grant.goals) {
      for (const group of goal.groups) {
        for (const item of group.indicators) {
          if (!located.has(item.indicatorId)) located.set(item.indicatorId, { grant: grant.grant, groupId: group.groupId, maxPoints: item.maxPoints });
        }
      }
    }
  }
  const points = new Map<string, number[]>([...located.keys()].map((id) => [id, []]));
  for (const insurer of national.insurers) {
    const seen = new Set<string>();
    for (const grant of insurer.grants) {
      for (const goal of grant.goals) {
        for (const group of goal.groups) {
          for (const item of group.indicators) {
            if (seen.has(item.indicatorId)) continue;
            seen.add(item.indicatorId);
            points.get(item.indicatorId)?.push(item.points);
          }
        }
      }
    }
  }
  return [...located].map(([indicatorId, where]) => ({ indicatorId, ...where, ...pointsStatistics(points.get(indicatorId) ?? []) }));
}
