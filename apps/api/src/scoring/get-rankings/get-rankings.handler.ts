import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@grants/domain';
import { assertPrefectureScope } from '../../auth/scope';
import { rankOf } from '../score-view';
import { NATIONAL_SCOPE } from '../scores.projection';
import { ScoresReader } from '../scores.reader';
import { GetRankings, RankingsView } from './get-rankings.query';

@QueryHandler(GetRankings)
export class GetRankingsHandler implements IQueryHandler<GetRankings> {
  constructor(private readonly scores: ScoresReader) {}

  async execute({ fiscalYear, prefecture, actor }: GetRankings): Promise<RankingsView> {
    if (prefecture !== undefined) assertPrefectureScope(actor, prefecture);
    else if (actor.role === 'prefecture' || actor.role === 'insurer') {
      throw new DomainError('forbidden', 'AUTH.OUT_OF_SCOPE', '全国順位の一覧は国の担当者のみ参照できます。', 'Only national users may list the national ranking.');
    }
    const rows = await this.scores.ranking(fiscalYear, prefecture ?? NATIONAL_SCOPE);
    return {
      fiscalYear,
      prefecture: prefecture ?? null,
      rankings: rows.map((r) => ({ code: r.code, prefectureCode: r.prefectureCode, score: r.score, rank: rankOf(r.rank, r.ordinal, r.outOf) })),
    };
  }
}
