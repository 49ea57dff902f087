import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@grants/domain';
import { assertPrefectureScope } from '../../auth/scope';
import { percent, previousYearView, rankOf, rankView, tableView, totalView, yearsView } from '../score-view';
import { ScoresReader } from '../scores.reader';
import { GetPrefectureScore, PrefectureScoreView } from './get-prefecture-score.query';

@QueryHandler(GetPrefectureScore)
export class GetPrefectureScoreHandler implements IQueryHandler<GetPrefectureScore> {
  constructor(private readonly scores: ScoresReader) {}

  async execute({ fiscalYear, prefectureCode, actor }: GetPrefectureScore): Promise<PrefectureScoreView> {
    assertPrefectureScope(actor, prefectureCode);
    const row = await this.scores.recipient(fiscalYear, 'prefecture', prefectureCode);
    if (!row) throw new DomainError('not_found', 'SCORING.PREFECTURE_NOT_SCORED', `都道府県 ${prefectureCode} の評価結果はありません。`, `No score for prefecture ${prefectureCode}.`, 'prefectureCode');
    const calculation = await this.scores.calculation(fiscalYear);
    const previous = await this.scores.previousYear(fiscalYear, 'prefecture', prefectureCode);
    return {
      fiscalYear,
      ...yearsView(calculation),
      prefectureCode,
      total: totalView(row.score, row.maxPoints),
      rank: rankOf(row.nationalRank, row.nationalOrdinal, row.nationalOutOf),
      grants: row.grants.map((g) => ({ grant: g.grant, score: g.score, maxPoints: g.maxPoints, rate: percent(g.score, g.maxPoints), rank: rankView(g.ranks.national) })),
      table: tableView(row.groups),
      previousYear: previousYearView(previous),
      calculatedAt: row.calculatedAt.toISOString(),
    };
  }
}
