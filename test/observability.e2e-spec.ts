import { setTimeout as sleep } from 'node:timers/promises';
import { INestApplication } from '@nestjs/common';
import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Client } from 'pg';
import request from 'supertest';
import { Framework, frameworkIndicators, withCheckDigit } from '@grants/domain';
import { EventStore, ProjectionRunner } from '@grants/event-store';
import { createTestDatabase, TestDatabase } from '@grants/testing';
import { createApp } from '../apps/api/src/app.factory';
import { loadConfig } from '../apps/api/src/config/app-config';
import { startTracing, Tracing } from '../apps/api/src/observability/tracing';
import { openFiscalYearBody } from './support/fiscal-year';
import { startTestApp, TEST_ENV, TestApp } from './support/test-app';
import { bearer } from './support/tokens';

/**
 * README "Metrics and health": `/metrics` after a short workload, the read models' lag while one is held back,
 * `/health/ready` through a held, a stalled and an unreachable database, and the spans of one request.
 */
const FY = 'FY2024';
const kuwana = '242055';
const insurers = [{ code: kuwana, name: '桑名市', category1InsuredPersons: 37000 }];

interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

/** The samples of a Prometheus text exposition. */
function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key] = value;
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

/** The one sample of `name` whose labels include `labels`; undefined when there is none. */
function sample(samples: readonly Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${name} ${JSON.stringify(labels)} matches ${found.length} samples`);
  return found[0]?.value;
}

async function scrape(app: INestApplication): Promise<Sample[]> {
  const response = await request(app.getHttpServer()).get('/metrics').expect(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
  return parseMetrics(response.text);
}

/** Waits until every read model has applied the whole log. */
async function caughtUp(app: INestApplication): Promise<void> {
  await app.get(ProjectionRunner).waitFor(await app.get(EventStore).headPosition(), 30_000);
}

/** Reads until `holds` is true (bounded): for states the app reaches on its own after a change. */
async function eventually<T>(read: () => Promise<T>, holds: (value: T) => boolean, what: string, timeoutMillis = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMillis;
  for (;;) {
    const value = await read();
    if (holds(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await sleep(100);
  }
}

describe('/metrics after a short workload', () => {
  let testApp: TestApp;
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  const admin = bearer('national-admin', 'MHLW', 'admin-1');
  const insurer = bearer('insurer', kuwana);
  let samples: Sample[];
  let framework: Framework;
  const WRITE_LIMIT = 6;

  beforeAll(async () => {
    testApp = await startTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: String(WRITE_LIMIT) });
    app = testApp.app;
    // The workload: 201, 409, 400, 200s, an idempotent retry, a 403 refusal, a 401, and one user over the write limit.
    await http().post('/fiscal-years').set('Authorization', admin).send(openFiscalYearBody(FY, new Date(Date.now() + 3_600_000))).expect(201);
    await http().post('/fiscal-years').set('Authorization', admin).send(openFiscalYearBody(FY, new Date(Date.now() + 3_600_000))).expect(409);
    await http().post('/fiscal-years').set('Authorization', admin).send({ fiscalYear: 'next year' }).expect(400);
    await http().put(`/fiscal-years/${FY}/insurers`).set('Authorization', admin).send({ insurers }).expect(200);
    framework = (await http().get(`/fiscal-years/${FY}/frameworks/municipal`).set('Authorization', admin).expect(200)).body;
    const yesNo = frameworkIndicators(framework).find(({ indicator }) => indicator.answerType === 'yes_no')!.indicator.id;
    for (let i = 0; i < 2; i += 1) {
      const saved = await http()
        .put(`/fiscal-years/${FY}/submissions/${kuwana}/answers`)
        .set('Authorization', insurer)
        .set('Idempotency-Key', 'save-once-0001')
        .send({ answers: { [yesNo]: { answerType: 'yes_no', yes: true } } })
        .expect(200);
      expect(saved.body.idempotentReplay).toBe(i === 1);
    }
    // Another insurer's submission: refused by the handler's scope check with 403, nothing stored.
    await http()
      .put(`/fiscal-years/${FY}/submissions/${withCheckDigit('24202')}/answers`)
      .set('Authorization', insurer)
      .send({ answers: { [yesNo]: { answerType: 'yes_no', yes: true } } })
      .expect(403);
    await http().get(`/fiscal-years/${FY}`).expect(401);
    const burst = bearer('national-admin', 'MHLW', 'admin-burst');
    const statuses: number[] = [];
    for (let i = 0; i <= WRITE_LIMIT; i += 1) statuses.push((await http().post(`/fiscal-years/${FY}/phase`).set('Authorization', burst).send({ to: 'nowhere' })).status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(1);
    await caughtUp(app);
    samples = await scrape(app);
  }, 120_000);
  afterAll(async () => testApp?.close());

  it('times and counts every response by route template and status, never by raw path', () => {
    const count = (method: string, route: string, status: string) => sample(samples, 'http_request_duration_seconds_count', { method, route, status_code: status }) ?? 0;
    expect(count('POST', '/fiscal-years', '201')).toBe(1);
    expect(count('POST', '/fiscal-years', '409')).toBe(1);
    expect(count('POST', '/fiscal-years', '400')).toBe(1);
    expect(count('PUT', '/fiscal-years/:fiscalYear/insurers', '200')).toBe(1);
    const answersRoute = samples.find((s) => s.name === 'http_request_duration_seconds_count' && s.labels.method === 'PUT' && /\/submissions\/:\w+\/answers$/.test(s.labels.route))?.labels.route;
    expect(answersRoute).toMatch(/^\/fiscal-years\/:fiscalYear\/submissions\/:\w+\/answers$/);
    expect(count('PUT', answersRoute!, '200')).toBe(2);
    expect(count('PUT', answersRoute!, '403')).toBe(1);
    expect(count('GET', '/fiscal-years/:fiscalYear', '401')).toBe(1);
    expect(count('POST', '/fiscal-years/:fiscalYear/phase', '429')).toBe(1);
    const routes = new Set(samples.filter((s) => s.name === 'http_request_duration_seconds_count').map((s) => s.labels.route));
    expect([...routes].filter((route) => route.includes(FY) || route.includes(kuwana))).toEqual([]);
    // The histogram's buckets are cumulative: the last one (+Inf) holds every request of its series.
    const inf = sample(samples, 'http_request_duration_seconds_bucket', { method: 'POST', route: '/fiscal-years', status_code: '201', le: '+Inf' });
    expect(inf).toBe(1);
    expect(sample(samples, 'http_request_duration_seconds_sum', { method: 'POST', route: '/fiscal-years', status_code: '201' })).toBeGreaterThan(0);
  });

  it('counts the rate limit refusals', () => {
    expect(sample(samples, 'grants_rate_limit_refusals_total', { route: '/fiscal-years/:fiscalYear/phase' })).toBe(1);
  });

  it('counts commands by type and outcome: accepted, idempotent replay, conflict, refused', () => {
    const commands = (command: string, outcome: string) => sample(samples, 'grants_commands_total', { command, outcome });
    expect(commands('OpenFiscalYear', 'accepted')).toBe(1);
    expect(commands('OpenFiscalYear', 'conflict')).toBe(1);
    expect(commands('RegisterInsurers', 'accepted')).toBe(1);
    expect(commands('SaveAnswers', 'accepted')).toBe(1);
    expect(commands('SaveAnswers', 'idempotent_replay')).toBe(1);
    expect(commands('SaveAnswers', 'refused')).toBe(1);
    // The 400 of a malformed body and the burst's refusals never reached the CommandBus.
    const all = samples.filter((s) => s.name === 'grants_commands_total').reduce((sum, s) => sum + s.value, 0);
    const phase = samples.filter((s) => s.name === 'grants_commands_total' && s.labels.command === 'AdvancePhase').reduce((sum, s) => sum + s.value, 0);
    expect(all - phase).toBe(6);
    expect(sample(samples, 'grants_command_duration_seconds_count', { command: 'SaveAnswers' })).toBe(3);
  });

  it('times the appends and sizes them', () => {
    // Three commands stored events (open, register, save); the retry was answered before any append.
    expect(sample(samples, 'grants_event_store_append_duration_seconds_count', { outcome: 'appended' })).toBe(3);
    expect(sample(samples, 'grants_event_store_append_events_count')).toBe(3);
    const head = Number(samples.find((s) => s.name === 'grants_event_store_head_position')?.value);
    // Every stored event came through these appends.
    expect(sample(samples, 'grants_event_store_append_events_sum')).toBe(head);
    expect(head).toBeGreaterThanOrEqual(3);
  });

  it("shows every read model's lag, caught up after the workload", async () => {
    const names = (await app.get(ProjectionRunner).status()).map((s) => s.name);
    expect(names.length).toBeGreaterThan(5);
    for (const projection of names) {
      expect([projection, sample(samples, 'grants_projection_lag_events', { projection })]).toEqual([projection, 0]);
      expect([projection, sample(samples, 'grants_projection_lag_seconds', { projection })]).toEqual([projection, 0]);
      expect([projection, sample(samples, 'grants_projection_stalled', { projection })]).toEqual([projection, 0]);
    }
  });

  it('shows the event-loop lag and both connection pools', () => {
    expect(sample(samples, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(samples, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThan(0);
    for (const pool of ['event_store', 'read_models']) {
      const open = sample(samples, 'grants_db_pool_connections', { pool });
      const idle = sample(samples, 'grants_db_pool_idle_connections', { pool });
      const max = sample(samples, 'grants_db_pool_max_connections', { pool });
      expect([pool, open! >= 1, idle! <= open!, open! <= max!]).toEqual([pool, true, true, true]);
      expect(sample(samples, 'grants_db_pool_waiting_requests', { pool })).toBeGreaterThanOrEqual(0);
    }
    expect(sample(samples, 'grants_db_pool_max_connections', { pool: 'event_store' })).toBe(10);
  });
});

describe('/metrics behind METRICS_TOKEN', () => {
  let testApp: TestApp;
  const token = 'metrics-token-of-at-least-32-characters-0001';
  beforeAll(async () => {
    testApp = await startTestApp({ METRICS_TOKEN: token });
  });
  afterAll(async () => testApp?.close());

  it('answers 401 without the token or with a user token, and the metrics with it', async () => {
    const http = () => request(testApp.app.getHttpServer());
    expect((await http().get('/metrics').expect(401)).body.code).toBe('METRICS.UNAUTHENTICATED');
    await http().get('/metrics').set('Authorization', bearer('national-admin', 'MHLW')).expect(401);
    await http().get('/metrics').set('Authorization', `Bearer ${token}x`).expect(401);
    const response = await http().get('/metrics').set('Authorization', `Bearer ${token}`).expect(200);
    expect(parseMetrics(response.text).some((s) => s.name === 'process_cpu_seconds_total')).toBe(true);
  });
});

describe('projection lag and /health/ready', () => {
  let testApp: TestApp;
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  const admin = bearer('national-admin', 'MHLW', 'admin-1');
  const MAX_LAG_EVENTS = 1;
  const serverUrl = () => {
    const url = new URL(testApp.db.url);
    url.pathname = '/postgres';
    return url.toString();
  };
  const asServerAdmin = async (sql: string) => {
    const client = new Client({ connectionString: serverUrl() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const ready = async () => {
    const response = await http().get('/health/ready');
    return { status: response.status, body: response.body };
  };

  beforeAll(async () => {
    testApp = await startTestApp({ READY_MAX_PROJECTION_LAG_EVENTS: String(MAX_LAG_EVENTS) });
    app = testApp.app;
    await http().post('/fiscal-years').set('Authorization', admin).send(openFiscalYearBody(FY, new Date(Date.now() + 3_600_000))).expect(201);
    await caughtUp(app);
  }, 60_000);
  afterAll(async () => testApp?.close());

  it('is live and ready once the read models have caught up', async () => {
    expect((await http().get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
    const { status, body } = await ready();
    expect(status).toBe(200);
    expect(Object.keys(body.info).sort()).toEqual(['database', 'eventStore', 'migrations', 'projections']);
  });

  it('shows the lag rising while a read model is held back, and not ready; falling after, and ready again', async () => {
    const held = 'registered_insurer';
    expect((await app.get(ProjectionRunner).status()).map((s) => s.name)).toContain(held);
    // Another transaction holds the read model's checkpoint row, as a long batch elsewhere would: its runner waits.
    const holder = new Client({ connectionString: testApp.db.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      const { rows } = await holder.query<{ position: string }>('SELECT position::text AS position FROM projection_checkpoints WHERE name = $1 FOR UPDATE', [held]);
      const heldAt = BigInt(rows[0].position);
      const before = await scrape(app);
      expect(sample(before, 'grants_projection_lag_events', { projection: held })).toBe(0);

      await http().put(`/fiscal-years/${FY}/insurers`).set('Authorization', admin).send({ insurers }).expect(200);
      await http()
        .post(`/fiscal-years/${FY}/deadlines`)
        .set('Authorization', admin)
        .send({ deadline: 'reviewDueAt', dueAt: new Date(Date.now() + 7_200_000).toISOString(), reason: '審査期間の延長' })
        .expect(200);
      await sleep(20); // so that the oldest unapplied event is measurably old
      const head = await app.get(EventStore).headPosition();
      expect(head - heldAt).toBeGreaterThan(MAX_LAG_EVENTS);

      const during = await scrape(app);
      expect(sample(during, 'grants_projection_lag_events', { projection: held })).toBe(Number(head - heldAt));
      expect(sample(during, 'grants_projection_lag_seconds', { projection: held })).toBeGreaterThan(0);
      expect(sample(during, 'grants_projection_stalled', { projection: held })).toBe(0);
      const notReady = await ready();
      expect(notReady.status).toBe(503);
      expect(notReady.body.code).toBe('HEALTH.NOT_READY');
      expect(notReady.body.details.error.projections.lagging).toEqual(
        expect.arrayContaining([{ name: held, behindEvents: String(head - heldAt), behindSeconds: expect.any(Number) }]),
      );
      expect(notReady.body.details.info).toEqual(expect.objectContaining({ database: { status: 'up' }, eventStore: { status: 'up' }, migrations: { status: 'up' } }));
    } finally {
      await holder.query('COMMIT');
      await holder.end();
    }
    await caughtUp(app);
    const after = await scrape(app);
    expect(sample(after, 'grants_projection_lag_events', { projection: held })).toBe(0);
    expect(sample(after, 'grants_projection_lag_seconds', { projection: held })).toBe(0);
    expect((await ready()).status).toBe(200);
  }, 60_000);

  it('is not ready while a read model is stalled on a failing batch, and ready once it resumes', async () => {
    // The read model's table gone (as a botched manual change would): its next batch fails and it halts there.
    await testApp.db.superuserQuery('ALTER TABLE registered_insurer RENAME TO registered_insurer_away');
    try {
      await http()
        .put(`/fiscal-years/${FY}/insurers`)
        .set('Authorization', admin)
        .send({ insurers: [...insurers, { code: withCheckDigit('24202'), name: '四日市市', category1InsuredPersons: 80000 }] })
        .expect(200);
      const stalled = await eventually(ready, (r) => r.status === 503 && (r.body.details?.error?.projections?.lagging ?? []).some((p: { stalledOn?: string }) => p.stalledOn), 'a stalled read model');
      expect(stalled.body.details.error.projections.lagging).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'registered_insurer', stalledOn: 'QueryFailedError' })]),
      );
      expect(sample(await scrape(app), 'grants_projection_stalled', { projection: 'registered_insurer' })).toBe(1);
    } finally {
      await testApp.db.superuserQuery('ALTER TABLE registered_insurer_away RENAME TO registered_insurer');
    }
    await eventually(ready, (r) => r.status === 200, 'ready after the read model resumed');
    expect(sample(await scrape(app), 'grants_projection_stalled', { projection: 'registered_insurer' })).toBe(0);
  }, 90_000);

  it('is not ready while a migration is missing from the database, and ready once it is there', async () => {
    const [last] = await testApp.db.superuserQuery<{ id: number; timestamp: string; name: string }>('SELECT id, timestamp::text, name FROM schema_migrations ORDER BY id DESC LIMIT 1');
    await testApp.db.superuserQuery('DELETE FROM schema_migrations WHERE id = $1', [last.id]);
    try {
      const { status, body } = await ready();
      expect(status).toBe(503);
      expect(body.details.error.migrations).toEqual({ status: 'down', pending: [last.name] });
    } finally {
      await testApp.db.superuserQuery('INSERT INTO schema_migrations (id, timestamp, name) VALUES ($1, $2, $3)', [last.id, last.timestamp, last.name]);
    }
    expect((await ready()).status).toBe(200);
  });

  it('is not ready while the database refuses connections, still live, and ready again after', async () => {
    const name = testApp.db.name;
    await asServerAdmin(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
    try {
      await asServerAdmin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`);
      const { status, body } = await ready();
      expect(status).toBe(503);
      expect(body.details.error).toEqual(expect.objectContaining({ database: expect.objectContaining({ status: 'down' }), eventStore: expect.objectContaining({ status: 'down' }) }));
      await http().get('/health/live').expect(200);
    } finally {
      await asServerAdmin(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
    }
    await eventually(ready, (r) => r.status === 200, 'ready after the database came back');
  }, 90_000);
});

describe('traces: HTTP → command → append', () => {
  let testApp: TestApp;
  let tracing: Tracing;
  const exporter = new InMemorySpanExporter();

  beforeAll(async () => {
    // No network: the spans stay in memory. Registered before the app, as main.ts does.
    tracing = startTracing(loadConfig(TEST_ENV), exporter)!;
    testApp = await startTestApp({ METRICS_ENABLED: 'false' });
  }, 60_000);
  afterAll(async () => {
    await testApp?.close();
    await tracing?.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });

  it('nests the append span under the command span under the request span, in the caller’s trace', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await request(testApp.app.getHttpServer())
      .post('/fiscal-years')
      .set('Authorization', bearer('national-admin', 'MHLW'))
      .set('traceparent', `00-${traceId}-00f067aa0ba902b7-01`)
      .send(openFiscalYearBody(FY, new Date(Date.now() + 3_600_000)))
      .expect(201);
    await tracing.forceFlush();
    const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    const named = (name: string): ReadableSpan => {
      const found = spans.filter((s) => s.name === name);
      expect([name, found.length]).toEqual([name, 1]);
      return found[0];
    };
    const http = named('POST /fiscal-years');
    const command = named('command OpenFiscalYear');
    const append = named('event-store append');
    expect(http.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(command.parentSpanContext?.spanId).toBe(http.spanContext().spanId);
    expect(append.parentSpanContext?.spanId).toBe(command.spanContext().spanId);
    expect(http.attributes).toMatchObject({ 'http.route': '/fiscal-years', 'http.response.status_code': 201 });
    expect(command.attributes).toMatchObject({ 'grants.command': 'OpenFiscalYear', 'grants.command.outcome': 'accepted' });
    expect(append.attributes).toMatchObject({ 'grants.stream_id': expect.stringContaining(FY), 'grants.events': 1, 'grants.idempotent_replay': false });
  });

  it('answers 404 on /metrics while METRICS_ENABLED=false', async () => {
    const response = await request(testApp.app.getHttpServer()).get('/metrics').expect(404);
    expect(response.body.code).toBe('METRICS.DISABLED');
  });
});

describe('the request log beside probes and scrapes', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const written: string[] = [];
  const requestLines = () =>
    written
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { req?: { url?: string }; res?: { statusCode?: number } })
      .filter((line) => line.req !== undefined && line.res !== undefined);
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    db = await createTestDatabase();
    // The read models do not run here, and no lag is allowed: once an event is recorded, /health/ready fails.
    app = await createApp({
      databaseUrl: db.url,
      runProjections: false,
      config: loadConfig({ ...TEST_ENV, LOG_LEVEL: 'info', DATABASE_URL: db.url, READY_MAX_PROJECTION_LAG_EVENTS: '0' }),
      logDestination: { write: (chunk: string) => written.push(chunk) },
    });
    await app.init();
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('writes no line for a probe or a scrape that passes, one for each that fails, and still counts them all in the metrics', async () => {
    for (const path of ['/health', '/health/live', '/health/ready', '/health/projections', '/metrics', '/metrics?x=1']) await http().get(path).expect(200);
    await http().get('/fiscal-years').set('Authorization', bearer('national-admin', 'MHLW')).expect(200);
    expect(requestLines().map((line) => line.req?.url)).toEqual(['/fiscal-years']);

    await http().post('/fiscal-years').set('Authorization', bearer('national-admin', 'MHLW')).send(openFiscalYearBody(FY, new Date(Date.now() + 3_600_000))).expect(201);
    await http().get('/health/ready').expect(503);
    expect(requestLines().map((line) => [line.req?.url, line.res?.statusCode])).toEqual([
      ['/fiscal-years', 200],
      ['/fiscal-years', 201],
      ['/health/ready', 503],
    ]);
    const samples = await scrape(app);
    expect(sample(samples, 'http_request_duration_seconds_count', { method: 'GET', route: '/health/live', status_code: '200' })).toBe(1);
    expect(sample(samples, 'http_request_duration_seconds_count', { method: 'GET', route: '/health/ready', status_code: '503' })).toBe(1);
    expect(sample(samples, 'http_request_duration_seconds_count', { method: 'GET', route: '/metrics', status_code: '200' })).toBe(2);
  });
});
