import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { Framework, replayFiscalYear, withCheckDigit } from '@grants/domain';
import { EventStore, PostgresEventStore, verifyChain } from '@grants/event-store';
import { openFiscalYearBody, simpleAnswers } from './support/fiscal-year';
import { startTestApp, TestApp } from './support/test-app';
import { bearer } from './support/tokens';

const FY = 'FY2024';
const admin = bearer('national-admin', 'MHLW', 'admin-1');
/** Strings that would do harm if any layer built SQL (or a shell command, or a spreadsheet formula) out of them. */
const HOSTILE = ["'); DROP TABLE events; --", "' OR '1'='1", 'Robert"); DELETE FROM submission_overview; --', '=cmd|\' /C calc\'!A0', '$(rm -rf /)', '\u0000'];

/** Sends bytes exactly as given (supertest would re-encode a Buffer as JSON). */
function rawRequest(app: INestApplication, method: string, path: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; body: { code?: string } }> {
  const server = app.getHttpServer();
  if (!server.listening) server.listen(0);
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: { ...headers, 'Content-Length': String(body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('hostile input', () => {
  let testApp: TestApp;
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  const head = async () => app.get(EventStore).headPosition();
  const insurer = withCheckDigit('24220');

  beforeAll(async () => {
    testApp = await startTestApp();
    app = testApp.app;
    const pools = { suishinMunicipalYen: '1000000', suishinPrefecturalYen: '1000000', shienMunicipalYen: '1000000', shienPrefecturalYen: '1000000' };
    await http().post('/fiscal-years').set('Authorization', admin).send(openFiscalYearBody(FY, new Date(Date.now() + 3_600_000), pools)).expect(201);
  });
  afterAll(async () => testApp?.close());

  afterEach(async () => {
    // Whatever was thrown at the service, the log still verifies and the year still replays.
    const chain = await verifyChain((app.get(EventStore) as PostgresEventStore).connectionPool);
    expect(chain.ok).toBe(true);
    expect(replayFiscalYear(FY, await app.get(EventStore).readAll({ maxCount: 10_000 })).mismatches).toEqual([]);
  });

  it('refuses deeply nested JSON with 400 VALIDATION.TOO_DEEP on every kind of write, storing nothing', async () => {
    const before = await head();
    for (const depth of [40, 5_000, 200_000]) {
      const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
      for (const [method, path] of [
        ['post', '/fiscal-years'],
        ['put', `/fiscal-years/${FY}/insurers`],
        ['put', `/fiscal-years/${FY}/submissions/${insurer}/answers`],
      ] as const) {
        const response = await http()[method](path).set('Authorization', admin).set('Content-Type', 'application/json').send(`{"x":${nested}}`);
        expect([depth, path, response.status, response.body.code]).toEqual([depth, path, 400, 'VALIDATION.TOO_DEEP']);
      }
    }
    expect(await head()).toBe(before);
  });

  it('refuses bytes that are not UTF-8, charsets it does not speak, and bodies over the limits (413)', async () => {
    const before = await head();
    const invalid = Buffer.concat([Buffer.from('{"fiscalYear":"FY'), Buffer.from([0xff, 0xfe, 0x80]), Buffer.from('"}')]);
    const notUtf8 = await rawRequest(app, 'POST', '/fiscal-years', { Authorization: admin, 'Content-Type': 'application/json' }, invalid);
    expect(notUtf8.status).toBe(400);
    const sjis = await rawRequest(app, 'POST', '/fiscal-years', { Authorization: admin, 'Content-Type': 'application/json; charset=shift_jis' }, Buffer.from('{}'));
    expect([sjis.status, sjis.body.code]).toEqual([415, 'HTTP.UNSUPPORTED_MEDIA_TYPE']);
    const big = await http()
      .put(`/fiscal-years/${FY}/insurers`)
      .set('Authorization', admin)
      .set('Content-Type', 'application/json')
      .send(`{"insurers":[${'{"code":"242055","name":"x","category1InsuredPersons":1},'.repeat(25_000)}{}]}`);
    expect([big.status, big.body.code]).toEqual([413, 'HTTP.PAYLOAD_TOO_LARGE']);
    const csv = await http()
      .put(`/fiscal-years/${FY}/insurers/import`)
      .set('Authorization', admin)
      .set('Content-Type', 'text/csv')
      .send(Buffer.alloc(21 * 1024 * 1024, 0x41));
    expect(csv.status).toBe(413);
    expect(await head()).toBe(before);
  });

  it('treats SQL-, shell- and formula-like strings in every text field as plain text, or refuses them by their format', async () => {
    // Free text is stored verbatim (parameterised SQL everywhere) and read back unchanged.
    const names = HOSTILE.filter((s) => !s.includes('\u0000'));
    const insurers = names.map((name, i) => ({ code: withCheckDigit(`24${String(300 + i).padStart(3, '0')}`), name, category1InsuredPersons: 1000 + i }));
    await http().put(`/fiscal-years/${FY}/insurers`).set('Authorization', admin).send({ insurers }).expect(200);
    const listed = await http().get(`/fiscal-years/${FY}/insurers`).set('Authorization', admin).expect(200);
    const stored = new Map((listed.body.insurers as { code: string; name: string }[]).map((i) => [i.code, i.name]));
    for (const i of insurers) expect(stored.get(i.code)).toBe(i.name);
    // A NUL character is refused (PostgreSQL text cannot hold it), with the field named.
    const nul = await http().put(`/fiscal-years/${FY}/insurers`).set('Authorization', admin).send({ insurers: [{ ...insurers[0], name: 'a\u0000b' }] });
    expect(nul.status).toBe(400);

    // Reasons (差戻し) are free text too, kept verbatim in the event and shown back.
    const code = insurers[0].code;
    const framework: Framework = (await http().get(`/fiscal-years/${FY}/frameworks/municipal`).set('Authorization', admin).expect(200)).body;
    const answers = simpleAnswers(framework);
    await http().put(`/fiscal-years/${FY}/submissions/${code}/answers`).set('Authorization', bearer('insurer', code)).send({ answers }).expect(200);
    await http().post(`/fiscal-years/${FY}/submissions/${code}/submit`).set('Authorization', bearer('insurer', code)).expect(200);
    await http().post(`/fiscal-years/${FY}/submissions/${code}/return`).set('Authorization', bearer('prefecture', '24')).send({ reason: HOSTILE[1] }).expect(200);
    const [returned] = await testApp.db.superuserQuery<{ reason: string }>(`SELECT data->>'reason' AS reason FROM events WHERE type = 'SubmissionReturned'`);
    expect(returned.reason).toBe(HOSTILE[1]);

    // Identifiers are checked by format before anything reads the store.
    const before = await head();
    for (const value of HOSTILE.slice(0, 3)) {
      const q = encodeURIComponent(value);
      expect((await http().get(`/fiscal-years/${FY}/submissions?prefecture=${q}`).set('Authorization', admin).expect(400)).body.errors[0].field).toBe('prefecture');
      expect((await http().get(`/fiscal-years/${FY}/submissions?status=${q}`).set('Authorization', admin).expect(400)).body.errors[0].field).toBe('status');
      expect((await http().get(`/fiscal-years/${q}`).set('Authorization', admin)).status).toBe(400);
      expect((await http().get(`/fiscal-years/${FY}/submissions/${q}`).set('Authorization', admin)).status).toBe(400);
      expect((await http().get(`/audit/fiscal-years/${FY}/diff?from=${q}`).set('Authorization', admin).expect(400)).body.errors[0].field).toBe('from');
      const keyed = await http().post('/fiscal-years').set('Authorization', admin).set('Idempotency-Key', value).send({});
      expect(keyed.status).toBe(400);
    }
    expect(await head()).toBe(before);
    const [tables] = await testApp.db.superuserQuery<{ n: number }>(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name IN ('events', 'submission_overview', 'stream_catalog')`);
    expect(tables.n).toBe(3);
  });
});

describe('rate limits', () => {
  let testApp: TestApp;
  let app: INestApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    testApp = await startTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '5', RATE_LIMIT_UPLOADS_PER_MINUTE: '2', RATE_LIMIT_PER_IP_PER_MINUTE: '60' });
    app = testApp.app;
  });
  afterAll(async () => testApp?.close());

  it('limits each user’s changes and uploads per minute with 429 RATE_LIMITED and Retry-After; other users and reads go on', async () => {
    for (let i = 0; i < 5; i += 1) await http().post('/fiscal-years').set('Authorization', admin).send({}).expect(400);
    const limited = await http().post('/fiscal-years').set('Authorization', admin).send({}).expect(429);
    expect(limited.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED', details: { limit: 5 } });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body.message).toMatch(/秒後に再試行/);
    await http().post('/fiscal-years').set('Authorization', bearer('national-admin', 'MHLW', 'admin-2')).send({}).expect(400);
    await http().get('/auth/me').set('Authorization', admin).expect(200);

    const prefecture = bearer('prefecture', '24');
    for (let i = 0; i < 2; i += 1) {
      const upload = await http().post(`/fiscal-years/${FY}/prefectures/24/answers-import`).set('Authorization', prefecture).set('Content-Type', 'text/csv').send('x');
      expect(upload.status).not.toBe(429);
    }
    const third = await http().post(`/fiscal-years/${FY}/prefectures/24/answers-import`).set('Authorization', prefecture).set('Content-Type', 'text/csv').send('x');
    expect([third.status, third.body.code]).toEqual([429, 'RATE_LIMITED']);
    expect(await app.get(EventStore).headPosition()).toBe(0n);
  });

  it('limits requests per address before authentication, so tokens cannot be guessed at speed', async () => {
    let sent = 0;
    let response: request.Response;
    do {
      response = await http().get('/auth/me').set('Authorization', 'Bearer guess.guess.guess');
      sent += 1;
    } while (response.status === 401 && sent < 100);
    expect(response.status).toBe(429);
    expect(sent).toBeLessThanOrEqual(60);
    // Now even a valid token from this address waits.
    expect((await http().get('/auth/me').set('Authorization', admin)).status).toBe(429);
    await http().get('/health').expect((r) => expect([200, 429]).toContain(r.status));
  });
});
