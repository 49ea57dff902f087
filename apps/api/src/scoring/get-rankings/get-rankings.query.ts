import { Query } from '@nestjs/cqrs';
import type { NamedFiscalYear, Rank, SizeBand } from '@grants/domain';
import type { Actor } from '../../auth/actor';

export interface RankingsView {
  readonly fiscalYear: string;
  /** 交付年度 and 評価対象年度 (N−1), with their 和暦 names. */
  readonly grantYear: NamedFiscalYear;
  readonly activityYear: NamedFiscalYear;
  readonly prefecture: string | null;
  /** The 規模区分 listed (ranks within it, n its own), or null. */
  readonly sizeBand: SizeBand | null;
  readonly rankings: readonly {
    readonly code: string;
    readonly prefectureCode: string;
    readonly score: number;
    /** The rank in the scope listed. */
    readonly rank: Rank;
    /** In a prefecture's ranking: the insurer's rank among all insurers of the nation. */
    readonly nationalRank?: Rank;
  }[];
}

/** 順位: the insurers nationally, within one prefecture, or within one 規模区分, by total score. */
export class GetRankings extends Query<RankingsView> {
  constructor(
    readonly fiscalYear: string,
    /** A prefecture code for its own ranking; undefined for the national one. */
    readonly prefecture: string | undefined,
    readonly actor: Actor,
    /** A size band for the ranking within it (national users; not with `prefecture`). */
    readonly sizeBand?: SizeBand,
  ) {
    super();
  }
}
