import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { calculationNamed, diffCalculations, fiscalYearOfStream, historyAsOf } from '@grants/domain';
import { PostgresEventStore, readAllPages, RecordedEvent, Upcasters } from '@grants/event-store';
import { createTestDatabase, TestDatabase } from '@grants/testing';
import { createApp } from '../apps/api/src/app.factory';
import { API_UPCASTERS } from '../apps/api/src/commands/upcasters';
import { loadConfig } from '../apps/api/src/config/app-config';
import { generateNationalFiscalYear } from '../bench/national/national-fiscal-year';
import { TEST_ENV } from './support/test-app';
import { bearer } from './support/tokens';

/**
 * The audit's calculation list and diff read the year's calculation stream only: they must answer what a fold of the
 * whole log answers (FiscalYearHistory), now and as of a point. The export gives the log as `cli export` writes it.
 */
const FY = 'FY2024';
const auditor = bearer('auditor', 'MHLW');

describe('the audit calculation list, diff and export', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let events: RecordedEvent[];
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    db = await createTestDatabase();
    const store = new PostgresEventStore({ connectionString: db.url, poolSize: 4 });
    await generateNationalFiscalYear(store, { seed: 12, fiscalYear: FY, targetEvents: 1_500, insurers: 30, databaseUrl: db.url });
    const upcasters = new Upcasters(API_UPCASTERS);
    events = [];
    for await (const page of readAllPages(store)) for (const event of page) events.push(upcasters.upcast(event));
    await store.close();
    app = await createApp({ databaseUrl: db.url, config: loadConfig({ ...TEST_ENV, DATABASE_URL: db.url }) });
    await app.init();
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('lists the calculations a fold of the whole year lists, now and as of a point between two trials', async () => {
    const whole = historyAsOf(FY, events);
    expect(whole.calculations.length).toBeGreaterThanOrEqual(2);
    const list = await http().get(`/audit/fiscal-years/${FY}/calculations`).set('Authorization', auditor).expect(200);
    expect(list.body.calculations.map((c: { ref: string; position: string }) => [c.ref, c.position])).toEqual(whole.calculations.map((c) => [c.ref, c.position.toString()]));
    expect(list.body.inForce).toBe(whole.inForce()?.ref);

    const point = whole.calculations[1].position - 1n;
    const then = historyAsOf(FY, events, { position: point });
    const past = await http().get(`/audit/fiscal-years/${FY}/calculations?asOf=${point}`).set('Authorization', auditor).expect(200);
    expect(past.body.calculations.map((c: { ref: string }) => c.ref)).toEqual(then.calculations.map((c) => c.ref));
    expect(past.body.calculations).toHaveLength(1);
  });

  it('diffs two calculations as the fold does, every recipient with all=true, and refuses all=maybe', async () => {
    const whole = historyAsOf(FY, events);
    const expected = diffCalculations(calculationNamed('trial:1', whole.calculations), calculationNamed('in-force', whole.calculations), { all: true });
    const diff = await http().get(`/audit/fiscal-years/${FY}/diff?from=trial:1&to=in-force&all=true`).set('Authorization', auditor).expect(200);
    expect(diff.body).toEqual({ fiscalYear: FY, ...expected });
    expect(diff.body.rows.length).toBeGreaterThan(30);
    await http().get(`/audit/fiscal-years/${FY}/diff?all=maybe`).set('Authorization', auditor).expect(400);
    await http().get(`/audit/fiscal-years/${FY}/diff?from=trial:99`).set('Authorization', auditor).expect(404);
    await http().get('/audit/fiscal-years/FY2031/calculations').set('Authorization', auditor).expect(404);
  });

  it('exports the year as NDJSON closed by a trailer with the count and the last event’s digest', async () => {
    const response = await http().get(`/audit/export?fiscalYear=${FY}`).set('Authorization', auditor).buffer(true).parse((res, done) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => done(null, text));
    }).expect(200);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="events-${FY}.ndjson"`);
    const lines = (response.body as string).trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const trailer = lines.pop()!;
    const ofYear = events.filter((e) => fiscalYearOfStream(e.streamId) === FY);
    expect(lines.map((l) => l.position)).toEqual(ofYear.map((e) => e.position.toString()));
    const last = ofYear.at(-1)!;
    expect(trailer).toEqual({ trailer: true, events: ofYear.length, digest: `${last.position}:${last.hash}`, fiscalYear: FY });
    expect(lines[0]).toMatchObject({ eventId: ofYear[0].eventId, hash: ofYear[0].hash, streamId: ofYear[0].streamId });
    await http().get('/audit/export?fiscalYear=2024').set('Authorization', auditor).expect(400);
  });
});
