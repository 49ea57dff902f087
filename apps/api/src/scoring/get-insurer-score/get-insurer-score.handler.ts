import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@grants/domain';
import { assertInsurerScope } from '../../auth/scope';
import { groupRates, percent, previousYearView, rankOf, rankView, sizeBandView, tableView, totalView, yearsView } from '../score-view';
import { ScoresReader } from '../scores.reader';
import { GetInsurerScore, InsurerScoreView } from './get-insurer-score.query';

@QueryHandler(GetInsurerScore)
export class GetInsurerScoreHandler implements IQueryHandler<GetInsurerScore> {
  constructor(private readonly scores: ScoresReader) {}

  async execute({ fiscalYear, insurerCode, actor }: GetInsurerScore): Promise<InsurerScoreView> {
    assertInsurerScope(actor, insurerCode);
    const row = await this.scores.recipient(fiscalYear, 'insurer', insurerCode);
    if (!row) throw new DomainError('not_found', 'SCORING.INSURER_NOT_SCORED', `保険者 ${insurerCode} の評価結果はありません。`, `No score for insurer ${insurerCode}.`, 'insurerCode');
    const calculation = await this.scores.calculation(fiscalYear);
    const previous = await this.scores.previousYear(fiscalYear, 'insurer', insurerCode);
    const prefectureRates = groupRates(await this.scores.inPrefecture(fiscalYear, 'insurer', row.prefectureCode));
    return {
      fiscalYear,
      ...yearsView(calculation),
      code: row.code,
      prefectureCode: row.prefectureCode,
      total: totalView(row.score, row.maxPoints),
      ranks: {
        national: rankOf(row.nationalRank, row.nationalOrdinal, row.nationalOutOf),
        prefecture: rankOf(row.prefectureRank, row.prefectureOrdinal, row.prefectureOutOf),
        sizeBand: sizeBandView(row),
      },
      grants: row.grants.map((g) => ({
        grant: g.grant,
        score: g.score,
        maxPoints: g.maxPoints,
        ranks: { national: rankView(g.ranks.national), prefecture: rankView(g.ranks.prefecture) },
        rate: percent(g.score, g.maxPoints),
      })),
      table: tableView(row.groups).map((group) => ({ ...group, prefectureRate: prefectureRates.get(`${group.grant}/${group.groupId}`) ?? null })),
      previousYear: previousYearView(previous),
      calculatedAt: row.calculatedAt.toISOString(),
    };
  }
}
