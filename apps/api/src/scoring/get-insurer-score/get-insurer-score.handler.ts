import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@grants/domain';
import { assertInsurerScope } from '../../auth/scope';
import { percent, rankOf, rankView, tableView, totalView } from '../score-view';
import { ScoresReader } from '../scores.reader';
import { GetInsurerScore, InsurerScoreView } from './get-insurer-score.query';

@QueryHandler(GetInsurerScore)
export class GetInsurerScoreHandler implements IQueryHandler<GetInsurerScore> {
  constructor(private readonly scores: ScoresReader) {}

  async execute({ fiscalYear, insurerCode, actor }: GetInsurerScore): Promise<InsurerScoreView> {
    assertInsurerScope(actor, insurerCode);
    const row = await this.scores.recipient(fiscalYear, 'insurer', insurerCode);
    if (!row) throw new DomainError('not_found', 'SCORING.INSURER_NOT_SCORED', `保険者 ${insurerCode} の評価結果はありません。`, `No score for insurer ${insurerCode}.`, 'insurerCode');
    return {
      fiscalYear,
      code: row.code,
      prefectureCode: row.prefectureCode,
      total: totalView(row.score, row.maxPoints),
      ranks: {
        national: rankOf(row.nationalRank, row.nationalOrdinal, row.nationalOutOf),
        prefecture: rankOf(row.prefectureRank, row.prefectureOrdinal, row.prefectureOutOf),
      },
      grants: row.grants.map((g) => ({
        grant: g.grant,
        score: g.score,
        maxPoints: g.maxPoints,
        ranks: { national: rankView(g.ranks.national), prefecture: rankView(g.ranks.prefecture) },
        rate: percent(g.score, g.maxPoints),
      })),
      table: tableView(row.groups),
      calculatedAt: row.calculatedAt.toISOString(),
    };
  }
}
