import { setTimeout as sleep } from 'node:timers/promises';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestDatabase, TestDatabase } from '@grants/testing';
import { DEFAULT_SEAL_STREAM, EventStore, EventStoreDbEventStore } from '@grants/event-store';
import { FakeEventStoreDbClient } from '@grants/event-store/eventstoredb/fake-eventstoredb-client';
import { createApp } from '../apps/api/src/app.factory';
import { loadConfig } from '../apps/api/src/config/app-config';
import { openFiscalYearBody } from './support/fiscal-year';
import { TEST_ENV } from './support/test-app';
import { bearer } from './support/tokens';

/**
 * The API on the EventStoreDB adapter: the app runs the chain's sealer beside the appends and GET /audit/chain checks
 * $all against the seals. The store is the adapter over the in-memory fake client (a real server is exercised by the
 * contract suite with EVENTSTORE_CONNECTION_STRING); read models stay in PostgreSQL as with EVENT_STORE=eventstoredb.
 */
describe('GET /audit/chain on the EventStoreDB adapter', () => {
  const FY = 'FY2031';
  let db: TestDatabase;
  let app: INestApplication;
  let fake: FakeEventStoreDbClient;
  const http = () => request(app.getHttpServer());
  const auditor = bearer('auditor', 'MHLW');
  const admin = bearer('national-admin', 'MHLW');
  const sealed = () => fake.log.filter((r) => r.streamId === DEFAULT_SEAL_STREAM).flatMap((r) => (r.data as { events: unknown[] }).events).length;

  beforeAll(async () => {
    db = await createTestDatabase();
    fake = new FakeEventStoreDbClient();
    app = await createApp({
      databaseUrl: db.url,
      config: loadConfig({ ...TEST_ENV, DATABASE_URL: db.url }),
      eventStore: new EventStoreDbEventStore(fake.asClient()),
    });
    await app.init();
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('verifies the sealed chain, gives the year its head digest, names an altered event, and refuses to sign checkpoints', async () => {
    await http().post('/fiscal-years').set('Authorization', admin).send(openFiscalYearBody(FY, new Date(Date.now() + 3_600_000))).expect(201);
    for (let i = 0; i < 100 && sealed() < 1; i += 1) await sleep(50);
    expect(sealed()).toBe(1);

    const chain = await http().get('/audit/chain').set('Authorization', auditor).expect(200);
    const position = (await app.get(EventStore).headPosition()).toString();
    expect(chain.body).toMatchObject({ ok: true, checked: 1, failure: null, head: { position }, checkpoints: { ok: true, checked: 0, unsignedEvents: '1' } });
    expect(chain.body.fiscalYears).toEqual([{ fiscalYear: FY, events: 1, head: { position, hash: chain.body.head.hash }, digest: chain.body.head.digest }]);
    // A 128-bit EventStoreDB position is a valid digest position.
    expect(position.length).toBeGreaterThan(19);
    expect((await http().get(`/audit/chain?digest=${chain.body.head.digest}`).set('Authorization', auditor).expect(200)).body.ok).toBe(true);
    const forged = await http().get(`/audit/chain?digest=${position}:${'0'.repeat(64)}`).set('Authorization', auditor).expect(200);
    expect(forged.body).toMatchObject({ ok: false, failure: { problem: 'digest_mismatch', position } });

    const [opened] = fake.log.filter((r) => r.streamId.endsWith(FY));
    fake.alter(opened.id, { data: { ...(opened.data as object), pools: { suishinMunicipalYen: '1' } } });
    const altered = await http().get('/audit/chain').set('Authorization', auditor).expect(200);
    expect(altered.body).toMatchObject({ ok: false, checked: 0, failure: { problem: 'altered', position, eventId: opened.id } });

    const sign = await http().post('/audit/checkpoints').set('Authorization', admin).expect(409);
    expect(sign.body.code).toBe('AUDIT.CHECKPOINTS_UNAVAILABLE');
  });
});
