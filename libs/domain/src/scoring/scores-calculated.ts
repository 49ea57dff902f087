import { FiscalYearLabel } from '../fiscal-year/fiscal-year';
import { GrantId } from '../framework/framework';
import { IndicatorStatistic, indicatorStatistics } from './indicator-statistics';
import { Rank } from './ranking';
import { NationalScore } from './score-nation';
import { ScoreTableRow } from './score-table';
import { SizeBandRank } from './size-band';

/**
 * One row of an insurer's published table as recorded: the integers; rates are derived when it is shown. A shared
 * group (v2 goal IV) has one row in each grant it counts in, with the same score, marked `shared: true`; rows of v1
 * years have no such field.
 */
export type ScoreRow = Omit<ScoreTableRow, 'rate' | 'nationalRate'> & { readonly shared?: true };

export interface RecordedInsurerScore {
  readonly code: string;
  readonly prefectureCode: string;
  readonly score: number;
  readonly maxPoints: number;
  /** `sizeBand`: the 規模区分 and the rank within it (insurers; absent from events recorded before it existed). */
  readonly ranks: { readonly national: Rank; readonly prefecture: Rank; readonly sizeBand?: SizeBandRank };
  readonly grants: readonly { readonly grant: GrantId; readonly score: number; readonly maxPoints: number; readonly ranks: { readonly national: Rank; readonly prefecture: Rank } }[];
  readonly groups: readonly ScoreRow[];
}

export interface NationalGroupSum {
  readonly grant: GrantId;
  readonly groupId: string;
  readonly scoreSum: number;
  readonly maxPoints: number;
}

/**
 * The scores of a fiscal year as decided when it moved to 'scored': what every published table and rank is read from,
 * and what an auditor's replay must reproduce exactly. Rates are left out: they are derived from these integers.
 */
export interface ScoresCalculated {
  readonly type: 'ScoresCalculated';
  readonly data: {
    readonly fiscalYear: FiscalYearLabel;
    /** SHA-256 of the scoring inputs (register, effective answers, national figures), for the audit trail. */
    readonly inputsSha256: string;
    readonly insurers: readonly RecordedInsurerScore[];
    /** National score sums per group, in framework order: rate = scoreSum / maxPoints. */
    readonly nationalGroups: readonly NationalGroupSum[];
    /** The 47 prefectures scored against the prefectural framework (code = prefecture code). */
    readonly prefectures: readonly RecordedInsurerScore[];
    readonly prefecturalGroups: readonly NationalGroupSum[];
    /** 評価対象年度 as the municipal framework declares it (v2 `activityYear`); absent: the grant year − 1. */
    readonly activityYear?: FiscalYearLabel;
    /**
     * Per indicator nationally (average, median, population SD, 該当率), in framework order, of the municipal and the
     * prefectural framework. Absent from events recorded before they were computed: their tables omit them.
     */
    readonly indicatorStatistics?: { readonly municipal: readonly IndicatorStatistic[]; readonly prefectural: readonly IndicatorStatistic[] };
    readonly calculatedAt: string;
  };
}

/** What the national step adds beside the two national scores: the size-band ranks and the activity year. */
export interface ScoresCalculatedExtras {
  /** By insurer code. */
  readonly sizeBands: ReadonlyMap<string, SizeBandRank>;
  readonly activityYear?: FiscalYearLabel;
}

export function scoresCalculated(
  municipal: NationalScore,
  prefectural: NationalScore,
  fiscalYear: FiscalYearLabel,
  inputsSha256: string,
  now: Date,
  extras: ScoresCalculatedExtras = { sizeBands: new Map() },
): ScoresCalculated {
  const withSizeBand = (insurer: RecordedInsurerScore): RecordedInsurerScore => {
    const sizeBand = extras.sizeBands.get(insurer.code);
    return sizeBand ? { ...insurer, ranks: { ...insurer.ranks, sizeBand } } : insurer;
  };
  return {
    type: 'ScoresCalculated',
    data: {
      fiscalYear,
      inputsSha256,
      insurers: municipal.insurers.map(recorded).map(withSizeBand),
      nationalGroups: municipal.groupRates.map(groupSum),
      prefectures: prefectural.insurers.map(recorded),
      prefecturalGroups: prefectural.groupRates.map(groupSum),
      ...(extras.activityYear ? { activityYear: extras.activityYear } : {}),
      indicatorStatistics: { municipal: indicatorStatistics(municipal), prefectural: indicatorStatistics(prefectural) },
      calculatedAt: now.toISOString(),
    },
  };
}

function groupSum(rate: NationalScore['groupRates'][number]): NationalGroupSum {
  return { grant: rate.grant, groupId: rate.groupId, scoreSum: rate.scoreSum, maxPoints: rate.maxPoints };
}

function recorded(insurer: NationalScore['insurers'][number]): RecordedInsurerScore {
  return {
    code: insurer.code,
    prefectureCode: insurer.prefectureCode,
    score: insurer.score,
    maxPoints: insurer.maxPoints,
    ranks: { national: insurer.ranks.national, prefecture: insurer.ranks.prefecture },
    grants: insurer.grants.map((grant) => ({ grant: grant.grant, score: grant.score, maxPoints: grant.maxPoints, ranks: grant.ranks })),
    groups: insurer.grants.flatMap((grant) =>
      grant.goals.flatMap((goal) =>
        goal.groups.map((group) => ({
          grant: grant.grant,
          goalId: goal.goalId,
          groupId: group.groupId,
          kind: group.kind,
          title: group.title,
          maxPoints: group.maxPoints,
          score: group.score,
          ...(group.shared ? { shared: true as const } : {}),
        })),
      ),
    ),
  };
}
