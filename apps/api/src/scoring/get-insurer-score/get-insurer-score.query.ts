import { Query } from '@nestjs/cqrs';
import type { GrantId, Rank } from '@grants/domain';
import type { Actor } from '../../auth/actor';
import type { TableRowView, TotalView } from '../score-view';

export interface InsurerScoreView {
  readonly fiscalYear: string;
  readonly code: string;
  readonly prefectureCode: string;
  readonly total: TotalView;
  readonly ranks: { readonly national: Rank; readonly prefecture: Rank };
  readonly grants: readonly {
    readonly grant: GrantId;
    readonly score: number;
    readonly maxPoints: number;
    readonly ranks: { readonly national: Rank; readonly prefecture: Rank };
    readonly rate: string;
  }[];
  readonly table: readonly TableRowView[];
  readonly calculatedAt: string;
}

/** 評価結果: an insurer's table in the published shape (group max, score, rate, national rate) and its ranks. */
export class GetInsurerScore extends Query<InsurerScoreView> {
  constructor(
    readonly fiscalYear: string,
    readonly insurerCode: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
