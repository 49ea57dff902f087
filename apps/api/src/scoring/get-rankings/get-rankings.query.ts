import { Query } from '@nestjs/cqrs';
import type { Rank } from '@grants/domain';
import type { Actor } from '../../auth/actor';

export interface RankingsView {
  readonly fiscalYear: string;
  readonly prefecture: string | null;
  readonly rankings: readonly { readonly code: string; readonly prefectureCode: string; readonly score: number; readonly rank: Rank }[];
}

/** 順位: the insurers nationally, or within one prefecture, by total score. */
export class GetRankings extends Query<RankingsView> {
  constructor(
    readonly fiscalYear: string,
    /** A prefecture code for its own ranking; undefined for the national one. */
    readonly prefecture: string | undefined,
    readonly actor: Actor,
  ) {
    super();
  }
}
