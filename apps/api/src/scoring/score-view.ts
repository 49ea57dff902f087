import { formatPercent, grantAndActivityYears, GrantAndActivityYears, Rank, ratio } from '@grants/domain';
import type { ScoreRow, SizeBand } from '@grants/domain';
import { GroupScore, RecipientScore } from './recipient-score.entity';
import { ScoreCalculation } from './score-calculation.entity';

/** A score against its maximum as published: one decimal, '0.0%' for a group without points. */
export const percent = (score: number, max: number): string => (max === 0 ? '0.0%' : formatPercent(ratio(score, max)));

export const rankOf = (competition: number, ordinal: number, outOf: number): Rank => ({ competition, ordinal, outOf });

/** A rank read from a jsonb column, its fields in the published order. */
export const rankView = (rank: Rank): Rank => rankOf(rank.competition, rank.ordinal, rank.outOf);

export interface TotalView {
  readonly score: number;
  readonly maxPoints: number;
  readonly rate: string;
}

export type TableRowView = ScoreRow & {
  readonly rate: string;
  /** The group's rate over every recipient of the level; null when there is none. */
  readonly nationalRate: string | null;
};

/**
 * Each group's rate over a set of recipients (an insurer's prefecture): the sum of their scores over the sum of their
 * maxima, keyed `grant/groupId`, rounded as the published rates are.
 */
export function groupRates(rows: readonly { readonly groups: readonly GroupScore[] }[]): ReadonlyMap<string, string> {
  const sums = new Map<string, { score: number; max: number }>();
  for (const row of rows) {
    for (const group of row.groups) {
      const key = `${group.grant}/${group.groupId}`;
      const sum = sums.get(key) ?? { score: 0, max: 0 };
      sums.set(key, { score: sum.score + group.score, max: sum.max + group.maxPoints });
    }
  }
  return new Map([...sums].map(([key, sum]) => [key, percent(sum.score, sum.max)]));
}

export const totalView = (score: number, maxPoints: number): TotalView => ({ score, maxPoints, rate: percent(score, maxPoints) });

/** The published table: each group's max, score and rate beside the national rate (fields in a fixed order). */
export function tableView(groups: readonly GroupScore[]): TableRowView[] {
  return groups.map((row) => ({
    grant: row.grant,
    goalId: row.goalId,
    groupId: row.groupId,
    kind: row.kind,
    title: row.title,
    maxPoints: row.maxPoints,
    score: row.score,
    rate: percent(row.score, row.maxPoints),
    nationalRate: row.nationalScoreSum !== null && row.nationalMaxPoints !== null ? percent(row.nationalScoreSum, row.nationalMaxPoints) : null,
  }));
}

/** 交付年度 and 評価対象年度 of a scored year, each with its 和暦 name. */
export const yearsView = (calculation: ScoreCalculation): GrantAndActivityYears => grantAndActivityYears(calculation.fiscalYear, calculation.activityYear);

/** The recipient's 規模区分 and its rank in it; null where none was recorded (prefectures, years scored before). */
export interface SizeBandView {
  readonly band: SizeBand;
  readonly rank: Rank;
}

export function sizeBandView(row: RecipientScore): SizeBandView | null {
  if (row.sizeBand === null || row.sizeBandRank === null || row.sizeBandOrdinal === null || row.sizeBandOutOf === null) return null;
  return { band: row.sizeBand as SizeBand, rank: rankOf(row.sizeBandRank, row.sizeBandOrdinal, row.sizeBandOutOf) };
}

/** The previous year's total and national rank, when that year is scored with the recipient in it. */
export interface PreviousYearView {
  readonly fiscalYear: string;
  readonly score: number;
  readonly maxPoints: number;
  readonly rank: Rank;
}

export function previousYearView(row: RecipientScore | undefined): PreviousYearView | null {
  if (!row) return null;
  return { fiscalYear: row.fiscalYear, score: row.score, maxPoints: row.maxPoints, rank: rankOf(row.nationalRank, row.nationalOrdinal, row.nationalOutOf) };
}
