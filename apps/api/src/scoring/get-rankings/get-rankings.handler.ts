import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@grants/domain';
import { assertPrefectureScope } from '../../auth/scope';
import { rankOf, yearsView } from '../score-view';
import { NATIONAL_SCOPE, sizeBandScope } from '../scores.projection';
import { ScoresReader } from '../scores.reader';
import { GetRankings, RankingsView } from './get-rankings.query';

@QueryHandler(GetRankings)
export class GetRankingsHandler implements IQueryHandler<GetRankings> {
  constructor(private readonly scores: ScoresReader) {}

  async execute({ fiscalYear, prefecture, actor, sizeBand }: GetRankings): Promise<RankingsView> {
    if (prefecture !== undefined && sizeBand !== undefined) {
      throw new DomainError('invalid', 'VALIDATION.INVALID_QUERY', 'prefecture と sizeBand は同時に指定できません。', 'prefecture and sizeBand cannot be combined.', 'sizeBand');
    }
    if (prefecture !== undefined) assertPrefectureScope(actor, prefecture);
    else if (actor.role === 'prefecture' || actor.role === 'insurer') {
      throw new DomainError('forbidden', 'AUTH.OUT_OF_SCOPE', '全国順位の一覧は国の担当者のみ参照できます。', 'Only national users may list the national ranking.');
    }
    const scope = prefecture ?? (sizeBand !== undefined ? sizeBandScope(sizeBand) : NATIONAL_SCOPE);
    const rows = await this.scores.ranking(fiscalYear, scope);
    // Within a prefecture, each insurer's national rank too, as its result sheet shows it.
    const national = prefecture === undefined ? undefined : new Map((await this.scores.ranking(fiscalYear, NATIONAL_SCOPE, prefecture)).map((r) => [r.code, r]));
    const calculation = await this.scores.calculation(fiscalYear);
    return {
      fiscalYear,
      ...yearsView(calculation),
      prefecture: prefecture ?? null,
      sizeBand: sizeBand ?? null,
      rankings: rows.map((r) => {
        const nationally = national?.get(r.code);
        return {
          code: r.code,
          prefectureCode: r.prefectureCode,
          score: r.score,
          rank: rankOf(r.rank, r.ordinal, r.outOf),
          ...(nationally ? { nationalRank: rankOf(nationally.rank, nationally.ordinal, nationally.outOf) } : {}),
        };
      }),
    };
  }
}
