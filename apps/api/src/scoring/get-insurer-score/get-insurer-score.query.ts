import { Query } from '@nestjs/cqrs';
import type { GrantId, NamedFiscalYear, Rank } from '@grants/domain';
import type { Actor } from '../../auth/actor';
import type { PreviousYearView, SizeBandView, TableRowView, TotalView } from '../score-view';

export interface InsurerScoreView {
  readonly fiscalYear: string;
  /** 交付年度 and 評価対象年度 (N−1), with their 和暦 names. */
  readonly grantYear: NamedFiscalYear;
  readonly activityYear: NamedFiscalYear;
  readonly code: string;
  readonly prefectureCode: string;
  readonly total: TotalView;
  /** `sizeBand`: the 規模区分 and the rank within it; null for a year scored before it was recorded. */
  readonly ranks: { readonly national: Rank; readonly prefecture: Rank; readonly sizeBand: SizeBandView | null };
  readonly grants: readonly {
    readonly grant: GrantId;
    readonly score: number;
    readonly maxPoints: number;
    readonly ranks: { readonly national: Rank; readonly prefecture: Rank };
    readonly rate: string;
  }[];
  /** `prefectureRate`: the group's rate over the insurers of the insurer's prefecture (都道府県平均). */
  readonly table: readonly (TableRowView & { readonly prefectureRate: string | null })[];
  /** The previous fiscal year's total and national rank, where that year is scored in the system; else null. */
  readonly previousYear: PreviousYearView | null;
  readonly calculatedAt: string;
}

/** 評価結果: an insurer's table in the published shape (group max, score, rate, national rate), its ranks and last year's. */
export class GetInsurerScore extends Query<InsurerScoreView> {
  constructor(
    readonly fiscalYear: string,
    readonly insurerCode: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
