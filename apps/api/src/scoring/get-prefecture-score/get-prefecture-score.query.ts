import { Query } from '@nestjs/cqrs';
import type { GrantId, NamedFiscalYear, Rank } from '@grants/domain';
import type { Actor } from '../../auth/actor';
import type { PreviousYearView, TableRowView, TotalView } from '../score-view';

export interface PrefectureScoreView {
  readonly fiscalYear: string;
  /** 交付年度 and 評価対象年度 (N−1), with their 和暦 names. */
  readonly grantYear: NamedFiscalYear;
  readonly activityYear: NamedFiscalYear;
  readonly prefectureCode: string;
  readonly total: TotalView;
  /** Among the 47 prefectures. */
  readonly rank: Rank;
  readonly grants: readonly { readonly grant: GrantId; readonly score: number; readonly maxPoints: number; readonly rate: string; readonly rank: Rank }[];
  readonly table: readonly TableRowView[];
  /** The previous fiscal year's total and rank among the 47, where that year is scored in the system; else null. */
  readonly previousYear: PreviousYearView | null;
  readonly calculatedAt: string;
}

/** 都道府県の評価結果: a prefecture's table against the prefectural framework, and its rank among the 47. */
export class GetPrefectureScore extends Query<PrefectureScoreView> {
  constructor(
    readonly fiscalYear: string,
    readonly prefectureCode: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
