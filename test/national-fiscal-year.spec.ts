/**
 * The national fiscal-year generator of the bench (bench/national), tested here because jest's roots are apps, libs
 * and test: a small year (60 insurers, about 5,000 events) written through the store must replay with every decision
 * reproduced, verify, and come out the same for the same seed.
 */
import { isValidLocalGovernmentCode, MUNICIPAL_FY2024_FRAMEWORK, PREFECTURAL_FY2025_FRAMEWORK, PREFECTURES, replayFiscalYear } from '@grants/domain';
import { PostgresEventStore, RecordedEvent, Upcasters, verifyChain } from '@grants/event-store';
import { createTestDatabase, TestDatabase } from '@grants/testing';
import { API_UPCASTERS } from '../apps/api/src/commands/upcasters';
import { generateNationalFiscalYear, nationalInsurers, NationalFiscalYearResult, YearFrameworks } from '../bench/national/national-fiscal-year';

interface Generated {
  readonly db: TestDatabase;
  readonly store: PostgresEventStore;
  readonly result: NationalFiscalYearResult;
  readonly events: RecordedEvent[];
}

async function generate(seed: number, frameworks?: YearFrameworks): Promise<Generated> {
  const db = await createTestDatabase();
  const store = new PostgresEventStore({ connectionString: db.url, poolSize: 4 });
  const result = await generateNationalFiscalYear(store, { seed, fiscalYear: 'FY2024', targetEvents: 5_000, insurers: 60, databaseUrl: db.url, frameworks });
  const upcasters = new Upcasters(API_UPCASTERS);
  const events: RecordedEvent[] = [];
  for (let after = 0n; ; ) {
    const page = await store.readAll({ after, maxCount: 10_000 });
    if (page.length === 0) break;
    events.push(...page.map((event) => upcasters.upcast(event)));
    after = page[page.length - 1].position;
  }
  return { db, store, result, events };
}

/** Each stream's events in stream order, without what the store adds (ids, positions, times, hashes). */
function streams(events: readonly RecordedEvent[]): Record<string, unknown[]> {
  const byStream: Record<string, unknown[]> = {};
  for (const event of [...events].sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : Number(a.streamVersion - b.streamVersion)))) {
    (byStream[event.streamId] ??= []).push({ type: event.type, data: event.data, metadata: event.metadata });
  }
  return byStream;
}

describe('the generated national fiscal year', () => {
  let first: Generated;
  let second: Generated;

  beforeAll(async () => {
    first = await generate(7);
    second = await generate(7);
  });
  afterAll(async () => {
    for (const run of [first, second]) {
      await run?.store.close();
      await run?.db.drop();
    }
  });

  it('writes about the number of events asked for, through the store', () => {
    expect(first.result.insurers).toBe(60);
    expect(first.events).toHaveLength(first.result.events);
    expect(first.result.head).toBe(BigInt(first.result.events));
    expect(first.result.events).toBeGreaterThan(4_500);
    expect(first.result.events).toBeLessThan(5_500);
  });

  it('replays with every decision reproduced', () => {
    const report = replayFiscalYear('FY2024', first.events);
    expect(report.mismatches).toEqual([]);
    expect(report.decisions).toBeGreaterThanOrEqual(3);
    expect(report.events).toBe(first.result.events);
  });

  it('verifies its hash chain', async () => {
    await expect(verifyChain(first.store.connectionPool)).resolves.toMatchObject({ ok: true, checked: first.result.events });
  });

  it('walks the whole year: returns, corrections, capped prefectures, two-person finalization', () => {
    const ofType = (type: string) => first.events.filter((e) => e.type === type);
    expect(ofType('FiscalYearPhaseAdvanced').map((e) => e.data.to)).toEqual(['submissions_closed', 'review_completed', 'scored', 'allocated', 'finalized']);
    expect(ofType('SubmissionSubmitted').length).toBeGreaterThanOrEqual(60);
    expect(ofType('SubmissionReturned').length).toBeGreaterThan(0);
    expect(ofType('SubmissionReturned').every((e) => e.metadata.actorRole === 'prefecture' && typeof e.metadata.reason === 'string')).toBe(true);
    expect(ofType('AnswerReviewed').some((e) => e.data.decision === 'corrected')).toBe(true);
    expect(ofType('PrefectureSubmissionSubmitted')).toHaveLength(47);
    expect(ofType('GrantTrialCalculated')).toHaveLength(3);
    const pools = ofType('GrantsFinalized')[0].data.pools as { pool: string; recipients: { capped: boolean }[] }[];
    expect(pools.find((p) => p.pool === 'suishin-prefectural')?.recipients.some((r) => r.capped)).toBe(true);
    const [request] = ofType('FinalizationRequested');
    const [approval] = ofType('GrantsFinalized');
    expect(request.metadata.actorId).not.toBe(approval.metadata.actorId);
    expect(new Set(first.events.map((e) => e.metadata.commandId)).size).toBeGreaterThan(first.events.length - 10);
    // Every event came through a command of the service (its CommandBus), which fingerprints each one.
    expect(first.events.every((e) => /^[0-9a-f]{64}$/.test(e.metadata.commandHash ?? ''))).toBe(true);
  });

  it('is the same year for the same seed: every stream, answer and score', () => {
    expect(streams(second.events)).toEqual(streams(first.events));
    const scores = (run: Generated) => run.events.find((e) => e.type === 'ScoresCalculated')?.data;
    expect(scores(second)).toEqual(scores(first));
  });
});

describe('a generated year under the v2 rules (municipal-FY2024 + prefectural-FY2025)', () => {
  let run: Generated;
  const frameworks: YearFrameworks = { municipal: MUNICIPAL_FY2024_FRAMEWORK, prefectural: PREFECTURAL_FY2025_FRAMEWORK };

  beforeAll(async () => {
    run = await generate(11, frameworks);
  });
  afterAll(async () => {
    await run?.store.close();
    await run?.db.drop();
  });

  it('is opened with the published frameworks, answered item by item and given every banded figure', () => {
    const ofType = (type: string) => run.events.filter((e) => e.type === type);
    const [opened] = ofType('FiscalYearOpened');
    expect(opened.data.municipalFramework).toMatchObject({ frameworkVersion: 2, fiscalYear: 'FY2024', level: 'municipal' });
    expect(opened.data.prefecturalFramework).toMatchObject({ frameworkVersion: 2, fiscalYear: 'FY2025', level: 'prefectural' });
    // Figures of every banded measure, combined items' under `<indicatorId>.<measureId>`, none for derived items.
    const recorded = new Set(ofType('NationalFiguresRecorded').map((e) => e.data.indicatorId as string));
    for (const id of ['IV-1.a', 'IV-1.b', 'IV-2', 'shien-I-ii-2.c', 'suishin-I-ii-3', 'pref-IV-5.b', 'suishin-I-ii-benefit-gap']) expect(recorded).toContain(id);
    for (const id of ['IV-1', 'suishin-I-ii-1', 'suishin-I-ii-2-e']) expect(recorded).not.toContain(id);
    // Multiple-choice sub-items answered on their own; no answer to an item nobody answers.
    const answered = new Set(ofType('AnswersSaved').flatMap((e) => Object.keys(e.data.answers as object)));
    expect(answered).toContain('suishin-I-i-3');
    for (const id of ['suishin-I-ii-1', 'suishin-I-ii-2', 'IV-2']) expect(answered).not.toContain(id);
    expect(ofType('FiscalYearPhaseAdvanced').map((e) => e.data.to)).toEqual(['submissions_closed', 'review_completed', 'scored', 'allocated', 'finalized']);
  });

  it('replays with every decision reproduced, 0 mismatches', () => {
    const report = replayFiscalYear('FY2024', run.events);
    expect(report.mismatches).toEqual([]);
    expect(report.decisions).toBeGreaterThanOrEqual(3);
    expect(report.events).toBe(run.result.events);
  });

  it('verifies its hash chain', async () => {
    await expect(verifyChain(run.store.connectionPool)).resolves.toMatchObject({ ok: true, checked: run.result.events });
  });

  it('scores under the v2 rules: 今年度の評価得点 from the totals, groups within their maxima, prefectures from their municipalities', () => {
    const scores = run.events.find((e) => e.type === 'ScoresCalculated')?.data as {
      insurers: { code: string; score: number }[];
      prefectures: { code: string; score: number }[];
    };
    expect(scores.insurers).toHaveLength(60);
    expect(scores.prefectures).toHaveLength(47);
    expect(Math.max(...scores.insurers.map((i) => i.score))).toBeLessThanOrEqual(800);
    expect(new Set(scores.insurers.map((i) => i.score)).size).toBeGreaterThan(10);
  });
});

describe('the nation of the generator', () => {
  const nation = nationalInsurers(2024);

  it('has 1,741 insurers with valid, unique codes in the 47 prefectures', () => {
    expect(nation).toHaveLength(1741);
    expect(nation.every((i) => isValidLocalGovernmentCode(i.code) && i.prefectureCode === i.code.slice(0, 2))).toBe(true);
    expect(new Set(nation.map((i) => i.code)).size).toBe(1741);
    expect(new Set(nation.map((i) => i.prefectureCode))).toEqual(new Set(PREFECTURES.map((p) => p.code)));
  });

  it('has about 36 million category-1 insured persons, from a few hundred to about a million per insurer', () => {
    const sizes = nation.map((i) => i.category1InsuredPersons);
    const total = sizes.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(35_000_000);
    expect(total).toBeLessThan(37_000_000);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(250);
    expect(Math.min(...sizes)).toBeLessThan(1_000);
    expect(Math.max(...sizes)).toBeGreaterThan(800_000);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1_000_000);
  });

  it('is the same nation for the same seed', () => expect(nationalInsurers(2024)).toEqual(nation));
});
