import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DomainError, fiscalYearStreamId, formatPercent, ratio, ScoresCalculated } from '@grants/domain';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { assertInsurerScope, assertPrefectureScope } from '../auth/scope';
import { StreamCommands } from '../commands/stream-commands.service';
import { checkInsurerCode, checkLabel } from '../fiscal-year/fiscal-year.reader';

const percent = (score: number, max: number) => (max === 0 ? '0.0%' : formatPercent(ratio(score, max)));

@ApiTags('scoring 評価結果')
@ApiBearerAuth()
@Controller('fiscal-years/:fiscalYear')
export class ScoringController {
  constructor(private readonly commands: StreamCommands) {}

  /** 評価結果: an insurer's table in the published shape (group max, score, rate, national rate) and its ranks. */
  @Get('scores/:insurerCode')
  async scores(@Param('fiscalYear') fiscalYear: string, @Param('insurerCode') insurerCode: string, @CurrentActor() actor: Actor) {
    checkInsurerCode(insurerCode);
    assertInsurerScope(actor, insurerCode);
    const scores = await this.latestScores(fiscalYear);
    const insurer = scores.data.insurers.find((i) => i.code === insurerCode);
    if (!insurer) throw new DomainError('not_found', 'SCORING.INSURER_NOT_SCORED', `保険者 ${insurerCode} の評価結果はありません。`, `No score for insurer ${insurerCode}.`, 'insurerCode');
    const national = new Map(scores.data.nationalGroups.map((g) => [`${g.grant}/${g.groupId}`, g]));
    return {
      fiscalYear,
      code: insurer.code,
      prefectureCode: insurer.prefectureCode,
      total: { score: insurer.score, maxPoints: insurer.maxPoints, rate: percent(insurer.score, insurer.maxPoints) },
      ranks: insurer.ranks,
      grants: insurer.grants.map((g) => ({ ...g, rate: percent(g.score, g.maxPoints) })),
      table: insurer.groups.map((row) => {
        const n = national.get(`${row.grant}/${row.groupId}`);
        return { ...row, rate: percent(row.score, row.maxPoints), nationalRate: n ? percent(n.scoreSum, n.maxPoints) : null };
      }),
      calculatedAt: scores.data.calculatedAt,
    };
  }

  /** 都道府県の評価結果: a prefecture's table against the prefectural framework, and its rank among the 47. */
  @Get('prefecture-scores/:prefectureCode')
  async prefectureScores(@Param('fiscalYear') fiscalYear: string, @Param('prefectureCode') prefectureCode: string, @CurrentActor() actor: Actor) {
    assertPrefectureScope(actor, prefectureCode);
    const scores = await this.latestScores(fiscalYear);
    const prefecture = scores.data.prefectures.find((p) => p.code === prefectureCode);
    if (!prefecture) throw new DomainError('not_found', 'SCORING.PREFECTURE_NOT_SCORED', `都道府県 ${prefectureCode} の評価結果はありません。`, `No score for prefecture ${prefectureCode}.`, 'prefectureCode');
    const national = new Map(scores.data.prefecturalGroups.map((g) => [`${g.grant}/${g.groupId}`, g]));
    return {
      fiscalYear,
      prefectureCode,
      total: { score: prefecture.score, maxPoints: prefecture.maxPoints, rate: percent(prefecture.score, prefecture.maxPoints) },
      rank: prefecture.ranks.national,
      grants: prefecture.grants.map((g) => ({ grant: g.grant, score: g.score, maxPoints: g.maxPoints, rate: percent(g.score, g.maxPoints), rank: g.ranks.national })),
      table: prefecture.groups.map((row) => {
        const n = national.get(`${row.grant}/${row.groupId}`);
        return { ...row, rate: percent(row.score, row.maxPoints), nationalRate: n ? percent(n.scoreSum, n.maxPoints) : null };
      }),
      calculatedAt: scores.data.calculatedAt,
    };
  }

  /** 順位: nationally, or within one prefecture (?prefecture=24), by total score. */
  @Get('rankings')
  async rankings(@Param('fiscalYear') fiscalYear: string, @Query('prefecture') prefecture: string | undefined, @CurrentActor() actor: Actor) {
    if (prefecture !== undefined) assertPrefectureScope(actor, prefecture);
    else if (actor.role === 'prefecture' || actor.role === 'insurer') {
      throw new DomainError('forbidden', 'AUTH.OUT_OF_SCOPE', '全国順位の一覧は国の担当者のみ参照できます。', 'Only national users may list the national ranking.');
    }
    const scores = await this.latestScores(fiscalYear);
    const rows = scores.data.insurers
      .filter((i) => prefecture === undefined || i.prefectureCode === prefecture)
      .map((i) => ({ code: i.code, prefectureCode: i.prefectureCode, score: i.score, rank: prefecture === undefined ? i.ranks.national : i.ranks.prefecture }))
      .sort((a, b) => a.rank.ordinal - b.rank.ordinal);
    return { fiscalYear, prefecture: prefecture ?? null, rankings: rows };
  }

  private async latestScores(fiscalYear: string): Promise<ScoresCalculated> {
    checkLabel(fiscalYear);
    const latest = await this.commands.latestOfType(fiscalYearStreamId(fiscalYear), 'ScoresCalculated');
    if (!latest) throw new DomainError('not_found', 'SCORING.NOT_SCORED', `${fiscalYear} はまだ採点されていません。`, `${fiscalYear} has not been scored yet.`);
    return latest as unknown as ScoresCalculated;
  }
}
