import fc from 'fast-check';
import { RecordedInsurerScore, ScoresCalculated } from '@grants/domain';
import { RecordedEvent } from '@grants/event-store';
import { evolveScores, NATIONAL_SCOPE, ScoresProjection, sizeBandScope, YearScores } from './scores.projection';

const rank = (competition: number, ordinal: number, outOf: number) => ({ competition, ordinal, outOf });

function recipient(code: string, prefectureCode: string, score: number, national: number, prefecture: number, outOf: number): RecordedInsurerScore {
  return {
    code,
    prefectureCode,
    score,
    maxPoints: 100,
    ranks: { national: rank(national, national, outOf), prefecture: rank(prefecture, prefecture, 2) },
    grants: [{ grant: 'suishin', score, maxPoints: 100, ranks: { national: rank(national, national, outOf), prefecture: rank(prefecture, prefecture, 2) } }],
    groups: [{ grant: 'suishin', goalId: 'I', groupId: 'I-i', kind: 'category', title: 'PDCA', maxPoints: 100, score }],
  };
}

/** A small year: three insurers in two prefectures, and two prefectures; `bonus` varies the scores between runs. */
function scores(bonus = 0): ScoresCalculated['data'] {
  return {
    fiscalYear: 'FY2024',
    inputsSha256: `sha-${bonus}`,
    insurers: [recipient('242055', '24', 80 + bonus, 1, 1, 3), recipient('242063', '24', 60, 3, 2, 3), recipient('130001', '13', 70, 2, 1, 3)],
    nationalGroups: [{ grant: 'suishin', groupId: 'I-i', scoreSum: 210 + bonus, maxPoints: 300 }],
    prefectures: [recipient('13', '13', 50, 2, 1, 2), recipient('24', '24', 90, 1, 1, 2)],
    prefecturalGroups: [{ grant: 'suishin', groupId: 'I-i', scoreSum: 140, maxPoints: 200 }],
    calculatedAt: `2024-10-0${1 + (bonus % 8)}T00:00:00.000Z`,
  };
}

function event(position: number, streamId: string, type: string, data: object): RecordedEvent {
  return {
    eventId: `e${position}`,
    position: BigInt(position),
    streamId,
    streamVersion: BigInt(position),
    type,
    schemaVersion: 1,
    data: JSON.parse(JSON.stringify(data)),
    metadata: { actorId: 'a', actorRole: 'national-admin', organisationCode: 'MHLW', commandId: `c${position}` },
    recordedAt: new Date(Date.UTC(2024, 9, 1, 0, 0, position)),
  };
}

const calculated = (position: number, bonus = 0, fiscalYear = 'FY2024') => event(position, `fiscal_year-${fiscalYear}`, 'ScoresCalculated', { ...scores(bonus), fiscalYear });

describe('scores projection (pure)', () => {
  it('writes each recipient’s score table with the national sums beside its groups, and its ranks', () => {
    const year = evolveScores(null, calculated(7))!;
    // Recorded before the activity year and the statistics were: the grant year − 1, and no statistics.
    expect(year.calculation).toEqual({
      fiscalYear: 'FY2024',
      sourcePosition: '7',
      inputsSha256: 'sha-0',
      calculatedAt: new Date('2024-10-01T00:00:00.000Z'),
      activityYear: 'FY2023',
      indicatorStatistics: null,
    });
    expect(year.recipients.map((r) => `${r.level}:${r.code}`)).toEqual(['insurer:242055', 'insurer:242063', 'insurer:130001', 'prefecture:13', 'prefecture:24']);
    expect(year.recipients[1]).toMatchObject({
      fiscalYear: 'FY2024',
      prefectureCode: '24',
      score: 60,
      maxPoints: 100,
      nationalRank: 3,
      nationalOrdinal: 3,
      nationalOutOf: 3,
      prefectureRank: 2,
      prefectureOrdinal: 2,
      prefectureOutOf: 2,
      sizeBand: null,
      sizeBandRank: null,
      groups: [{ grant: 'suishin', goalId: 'I', groupId: 'I-i', kind: 'category', title: 'PDCA', maxPoints: 100, score: 60, nationalScoreSum: 210, nationalMaxPoints: 300 }],
      sourcePosition: '7',
    });
    expect(year.recipients.find((r) => r.level === 'prefecture' && r.code === '24')?.groups[0]).toMatchObject({ nationalScoreSum: 140, nationalMaxPoints: 200 });
  });

  it('ranks the insurers nationally and again within each prefecture', () => {
    const { rankings } = evolveScores(null, calculated(7))!;
    const list = (scope: string) => rankings.filter((r) => r.scope === scope).sort((a, b) => a.ordinal - b.ordinal).map((r) => [r.code, r.rank, r.outOf]);
    expect(list(NATIONAL_SCOPE)).toEqual([['242055', 1, 3], ['130001', 2, 3], ['242063', 3, 3]]);
    expect(list('24')).toEqual([['242055', 1, 2], ['242063', 2, 2]]);
    expect(list('13')).toEqual([['130001', 1, 2]]);
  });

  it('keeps what newer events record: size-band ranks (and their rankings), the activity year, the statistics', () => {
    const data = scores();
    const band = (b: 1 | 2 | 3 | 4 | 5, competition: number, outOf: number) => ({ band: b, rank: rank(competition, competition, outOf) });
    const withBands: RecordedInsurerScore[] = [band(2, 1, 2), band(2, 2, 2), band(5, 1, 1)].map((sizeBand, i) => ({ ...data.insurers[i], ranks: { ...data.insurers[i].ranks, sizeBand } }));
    const statistic = { indicatorId: 'x', grant: 'suishin' as const, groupId: 'I-i', maxPoints: 3, n: 3, average: 1, median: 0, sd: Math.sqrt(2), applicableRate: 1 / 3 };
    const newer = { ...data, insurers: withBands, activityYear: 'FY2023', indicatorStatistics: { municipal: [statistic], prefectural: [] } };
    const year = evolveScores(null, event(9, 'fiscal_year-FY2024', 'ScoresCalculated', newer))!;
    expect(year.calculation).toMatchObject({ activityYear: 'FY2023', indicatorStatistics: { municipal: [statistic], prefectural: [] } });
    expect(year.recipients.map((r) => [r.code, r.sizeBand, r.sizeBandRank, r.sizeBandOrdinal, r.sizeBandOutOf])).toEqual([
      ['242055', 2, 1, 1, 2],
      ['242063', 2, 2, 2, 2],
      ['130001', 5, 1, 1, 1],
      ['13', null, null, null, null],
      ['24', null, null, null, null],
    ]);
    const list = (scope: string) => year.rankings.filter((r) => r.scope === scope).map((r) => [r.code, r.rank, r.outOf]);
    expect(list(sizeBandScope(2))).toEqual([['242055', 1, 2], ['242063', 2, 2]]);
    expect(list(sizeBandScope(5))).toEqual([['130001', 1, 1]]);
    expect(year.rankings).toHaveLength(9);
    // An older event has no size-band rankings: two per insurer.
    expect(evolveScores(null, calculated(7))!.rankings).toHaveLength(6);
  });

  it('replaces the rows with a later ScoresCalculated of the year, and ignores one already applied', () => {
    const first = evolveScores(null, calculated(7))!;
    const second = evolveScores(first, calculated(12, 5))!;
    expect(second.calculation.sourcePosition).toBe('12');
    expect(second.recipients[0].score).toBe(85);
    expect(evolveScores(second, calculated(7))).toBe(second);
    expect(evolveScores(second, calculated(12, 5))).toBe(second);
  });

  it('ignores other events and other streams', () => {
    const year = evolveScores(null, calculated(7));
    expect(evolveScores(year, event(8, 'fiscal_year-FY2024', 'FiscalYearPhaseAdvanced', { to: 'scored' }))).toBe(year);
    expect(evolveScores(year, event(9, 'fiscal_year-FY2026-x', 'ScoresCalculated', scores(3)))).toBe(year);
    expect(evolveScores(null, event(9, 'submission-FY2024-242055', 'ScoresCalculated', scores(3)))).toBeNull();
    const projection = new ScoresProjection();
    expect(projection.canHandle(calculated(7))).toBe(true);
    expect(projection.canHandle(event(8, 'fiscal_year-FY2024', 'FiscalYearPhaseAdvanced', {}))).toBe(false);
  });

  it('gives the rows of the last ScoresCalculated of each year however the log is cut into batches, and when batches are delivered twice', () => {
    const log = fc
      .array(fc.record({ year: fc.constantFrom('FY2024', 'FY2025'), bonus: fc.nat(20), other: fc.boolean() }), { maxLength: 30 })
      .map((items) => items.map((item, i) => (item.other ? event(i + 1, `fiscal_year-${item.year}`, 'FiscalYearPhaseAdvanced', {}) : calculated(i + 1, item.bonus, item.year))));
    const project = (batches: readonly (readonly RecordedEvent[])[]) => {
      const years = new Map<string, YearScores>();
      for (const batch of batches) {
        for (const e of batch) {
          const next = evolveScores(years.get(e.streamId) ?? null, e);
          if (next) years.set(e.streamId, next);
        }
      }
      return years;
    };
    fc.assert(
      fc.property(log, fc.array(fc.nat(), { maxLength: 6 }), (events, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (events.length + 1)))].sort((a, b) => a - b);
        const batches = [0, ...points, events.length].slice(1).map((end, i, all) => events.slice(i === 0 ? 0 : all[i - 1], end));
        const once = project([events]);
        expect(project(batches)).toEqual(once);
        expect(project([...batches, ...batches])).toEqual(once);
        for (const [streamId, year] of once) {
          const last = events.filter((e) => e.streamId === streamId && e.type === 'ScoresCalculated').at(-1)!;
          expect(year.calculation.sourcePosition).toBe(last.position.toString());
        }
      }),
      { numRuns: 200 },
    );
  });
});
