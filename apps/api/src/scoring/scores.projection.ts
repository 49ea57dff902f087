import { EntityManager } from 'typeorm';
import { eventGuard, previousFiscalYear, Rank, RecordedInsurerScore, ScoresCalculated } from '@grants/domain';
import { Projection, RecordedEvent } from '@grants/event-store';
import { GroupScore, RecipientLevel, RecipientScore } from './recipient-score.entity';
import { ScoreCalculation } from './score-calculation.entity';
import { ScoreRanking } from './score-ranking.entity';

/** The read models of one scored fiscal year, all from the same ScoresCalculated. */
export interface YearScores {
  readonly calculation: ScoreCalculation;
  readonly recipients: readonly RecipientScore[];
  readonly rankings: readonly ScoreRanking[];
}

export const SCORES_PROJECTION = 'scores';
export const NATIONAL_SCOPE = 'national';
/** The scope of the ranking within one 規模区分. */
export const sizeBandScope = (band: number) => `size-band-${band}`;

const FISCAL_YEAR_STREAM = /^fiscal_year-(FY\d{4})$/;
const isScoresCalculated = eventGuard<ScoresCalculated>(['ScoresCalculated']);

/**
 * Pure: the year's read models after one event. Only a ScoresCalculated on the year's own stream changes them, and
 * then it replaces them whole; an event at or before the one the rows come from is ignored, so a batch delivered
 * twice changes nothing (STYLE.md rule 22).
 */
export function evolveScores(current: YearScores | null, event: RecordedEvent): YearScores | null {
  const match = FISCAL_YEAR_STREAM.exec(event.streamId);
  if (!match || !isScoresCalculated(event)) return current;
  if (current && BigInt(current.calculation.sourcePosition) >= event.position) return current;
  return yearScores(match[1], event);
}

function yearScores(fiscalYear: string, event: RecordedEvent & ScoresCalculated): YearScores {
  const { data } = event;
  const sourcePosition = event.position.toString();
  const calculatedAt = new Date(data.calculatedAt);
  const recipient = (level: RecipientLevel, groupSums: ScoresCalculated['data']['nationalGroups']) => {
    const national = new Map(groupSums.map((g) => [`${g.grant}/${g.groupId}`, g]));
    return (r: RecordedInsurerScore): RecipientScore => ({
      fiscalYear,
      level,
      code: r.code,
      prefectureCode: r.prefectureCode,
      score: r.score,
      maxPoints: r.maxPoints,
      nationalRank: r.ranks.national.competition,
      nationalOrdinal: r.ranks.national.ordinal,
      nationalOutOf: r.ranks.national.outOf,
      prefectureRank: r.ranks.prefecture.competition,
      prefectureOrdinal: r.ranks.prefecture.ordinal,
      prefectureOutOf: r.ranks.prefecture.outOf,
      sizeBand: r.ranks.sizeBand?.band ?? null,
      sizeBandRank: r.ranks.sizeBand?.rank.competition ?? null,
      sizeBandOrdinal: r.ranks.sizeBand?.rank.ordinal ?? null,
      sizeBandOutOf: r.ranks.sizeBand?.rank.outOf ?? null,
      grants: r.grants.map((g) => ({ grant: g.grant, score: g.score, maxPoints: g.maxPoints, ranks: { national: rank(g.ranks.national), prefecture: rank(g.ranks.prefecture) } })),
      groups: r.groups.map((row): GroupScore => {
        const sum = national.get(`${row.grant}/${row.groupId}`);
        return {
          grant: row.grant,
          goalId: row.goalId,
          groupId: row.groupId,
          kind: row.kind,
          title: row.title,
          maxPoints: row.maxPoints,
          score: row.score,
          nationalScoreSum: sum ? sum.scoreSum : null,
          nationalMaxPoints: sum ? sum.maxPoints : null,
        };
      }),
      calculatedAt,
      sourcePosition,
    });
  };
  const ranked = (scope: string, r: RecordedInsurerScore, place: Rank): ScoreRanking => ({
    fiscalYear,
    scope,
    ordinal: place.ordinal,
    code: r.code,
    prefectureCode: r.prefectureCode,
    score: r.score,
    rank: place.competition,
    outOf: place.outOf,
    sourcePosition,
  });
  return {
    calculation: {
      fiscalYear,
      sourcePosition,
      inputsSha256: data.inputsSha256,
      calculatedAt,
      activityYear: data.activityYear ?? previousFiscalYear(fiscalYear),
      indicatorStatistics: data.indicatorStatistics ?? null,
    },
    recipients: [...data.insurers.map(recipient('insurer', data.nationalGroups)), ...data.prefectures.map(recipient('prefecture', data.prefecturalGroups))],
    rankings: [
      ...data.insurers.map((r) => ranked(NATIONAL_SCOPE, r, r.ranks.national)),
      ...data.insurers.map((r) => ranked(r.prefectureCode, r, r.ranks.prefecture)),
      ...data.insurers.flatMap((r) => (r.ranks.sizeBand ? [ranked(sizeBandScope(r.ranks.sizeBand.band), r, r.ranks.sizeBand.rank)] : [])),
    ],
  };
}

const rank = (r: Rank): Rank => ({ competition: r.competition, ordinal: r.ordinal, outOf: r.outOf });

/**
 * Feeds `score_calculation`, `recipient_score` and `score_ranking` from the ScoresCalculated events, in the batch's
 * transaction (the runner saves the checkpoint in it too): a year's rows are replaced together or not at all.
 */
export class ScoresProjection implements Projection {
  readonly name = SCORES_PROJECTION;

  canHandle(event: RecordedEvent): boolean {
    return event.type === 'ScoresCalculated' && FISCAL_YEAR_STREAM.test(event.streamId);
  }

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const years = [...new Set(events.map((e) => FISCAL_YEAR_STREAM.exec(e.streamId)?.[1]).filter((y): y is string => y !== undefined))];
    const stored: { fiscal_year: string; source_position: string }[] = await manager.query(
      'SELECT fiscal_year, source_position::text FROM score_calculation WHERE fiscal_year = ANY($1::text[])',
      [years],
    );
    const positions = new Map(stored.map((row) => [`fiscal_year-${row.fiscal_year}`, row.source_position]));
    const changed = new Map<string, YearScores>();
    for (const event of events) {
      const stored = positions.get(event.streamId);
      // The rows already come from this event or a later one (a batch delivered again).
      if (stored !== undefined && BigInt(stored) >= event.position) continue;
      const next = evolveScores(changed.get(event.streamId) ?? null, event);
      if (next) changed.set(event.streamId, next);
    }
    if (changed.size === 0) return;
    const replaced = [...changed.values()];
    const fiscalYears = replaced.map((y) => y.calculation.fiscalYear);
    for (const table of ['score_ranking', 'recipient_score', 'score_calculation']) {
      await manager.query(`DELETE FROM ${table} WHERE fiscal_year = ANY($1::text[])`, [fiscalYears]);
    }
    await manager.query(
      `INSERT INTO score_calculation (fiscal_year, source_position, inputs_sha256, calculated_at, activity_year, indicator_statistics)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x("fiscalYear" text, "sourcePosition" numeric, "inputsSha256" text, "calculatedAt" timestamptz,
              "activityYear" text, "indicatorStatistics" jsonb)`,
      [JSON.stringify(replaced.map((y) => y.calculation))],
    );
    await manager.query(
      `INSERT INTO recipient_score (fiscal_year, level, code, prefecture_code, score, max_points, national_rank, national_ordinal,
              national_out_of, prefecture_rank, prefecture_ordinal, prefecture_out_of, size_band, size_band_rank, size_band_ordinal,
              size_band_out_of, grants, groups, calculated_at, source_position)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x("fiscalYear" text, level text, code text, "prefectureCode" text, score integer,
              "maxPoints" integer, "nationalRank" integer, "nationalOrdinal" integer, "nationalOutOf" integer, "prefectureRank" integer,
              "prefectureOrdinal" integer, "prefectureOutOf" integer, "sizeBand" integer, "sizeBandRank" integer, "sizeBandOrdinal" integer,
              "sizeBandOutOf" integer, grants jsonb, groups jsonb, "calculatedAt" timestamptz, "sourcePosition" numeric)`,
      [JSON.stringify(replaced.flatMap((y) => y.recipients))],
    );
    await manager.query(
      `INSERT INTO score_ranking (fiscal_year, scope, ordinal, code, prefecture_code, score, rank, out_of, source_position)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x("fiscalYear" text, scope text, ordinal integer, code text, "prefectureCode" text,
              score integer, rank integer, "outOf" integer, "sourcePosition" numeric)`,
      [JSON.stringify(replaced.flatMap((y) => y.rankings))],
    );
  }

  async reset(manager: EntityManager): Promise<void> {
    for (const table of ['score_ranking', 'recipient_score', 'score_calculation']) await manager.query(`DELETE FROM ${table}`);
  }
}
