import { generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { Client } from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { Framework, frameworkIndicators } from '@grants/domain';
import { EventStore } from '@grants/event-store';
import { DEV_JWT_SECRET } from '../apps/api/src/config/app-config';
import { openFiscalYearBody } from './support/fiscal-year';
import { startTestApp, TestApp } from './support/test-app';
import { bearer, craftToken, tokenFor, validClaims } from './support/tokens';

const now = () => Math.floor(Date.now() / 1000);
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** A token as an identity provider signs it: RS256 or EdDSA with its private key, `kid` naming the key. */
function idpToken(alg: 'RS256' | 'EdDSA', key: KeyObject, header: Record<string, unknown>, claims: Record<string, unknown> = validClaims()): string {
  const input = `${b64({ alg, typ: 'JWT', ...header })}.${b64(claims)}`;
  return `${input}.${sign(alg === 'EdDSA' ? null : 'sha256', Buffer.from(input), key).toString('base64url')}`;
}
/** A production secret as `openssl rand -base64 48` makes one. */
const STRONG_SECRET = 'u94cieF44u4eWcaqaLAcq/eciFE/5+KKp+8KuG9+Cj0IAmtaszQxZ1lPq3kR7mNw';

describe('tokens of an identity provider: a JWKS served over HTTP, selected by kid (NODE_ENV=test)', () => {
  const ed = generateKeyPairSync('ed25519');
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const later = generateKeyPairSync('ed25519');
  let keys: object[] = [];
  let fetches = 0;
  let jwks: Server;
  let testApp: TestApp;
  const http = () => request(testApp.app.getHttpServer());
  const jwk = (key: KeyObject, kid: string) => ({ ...key.export({ format: 'jwk' }), kid, use: 'sig' });

  beforeAll(async () => {
    keys = [jwk(ed.publicKey, 'ed-1'), jwk(rsa.publicKey, 'rsa-1')];
    jwks = createServer((_req, res) => {
      fetches++;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const { port } = jwks.address() as AddressInfo;
    testApp = await startTestApp({ JWT_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json` });
  });
  afterAll(async () => {
    await testApp?.close();
    await new Promise((resolve) => jwks?.close(resolve));
  });

  it('accepts EdDSA and RS256 tokens whose kid is in the JWKS, fetching it once', async () => {
    const me = await http().get('/auth/me').set('Authorization', `Bearer ${idpToken('EdDSA', ed.privateKey, { kid: 'ed-1' })}`).expect(200);
    expect(me.body).toEqual({ actorId: 'admin-1', role: 'national-admin', organisationCode: 'MHLW', issuer: 'grants-api' });
    await http().get('/auth/me').set('Authorization', `Bearer ${idpToken('RS256', rsa.privateKey, { kid: 'rsa-1' })}`).expect(200);
    expect(fetches).toBe(1);
    // The development tokens still work beside them in test.
    await http().get('/auth/me').set('Authorization', bearer('auditor', 'MHLW')).expect(200);
  });

  it.each<[string, () => string]>([
    ['an unknown kid', () => idpToken('EdDSA', ed.privateKey, { kid: 'nobody' })],
    ['no kid', () => idpToken('EdDSA', ed.privateKey, {})],
    ['a known kid with another key’s signature', () => idpToken('EdDSA', later.privateKey, { kid: 'ed-1' })],
    ['RS256 naming the Ed25519 key', () => idpToken('RS256', rsa.privateKey, { kid: 'ed-1' })],
    ['a crit header', () => idpToken('EdDSA', ed.privateKey, { kid: 'ed-1', crit: ['exp'] })],
    ['an HS256 token with a crit header', () => craftToken({ alg: 'HS256', typ: 'JWT', crit: ['b64'], b64: false }, validClaims())],
  ])('refuses %s with 401 AUTH.TOKEN_INVALID', async (_label, token) => {
    const response = await http().get('/auth/me').set('Authorization', `Bearer ${token()}`).expect(401);
    expect(response.body.code).toBe('AUTH.TOKEN_INVALID');
  });

  it('did not fetch the JWKS again for the unknown kids above: forged kids cost the provider at most one fetch per 30 s', () => {
    expect(fetches).toBe(1);
  });
});

describe('a production start (NODE_ENV=production)', () => {
  const ed = generateKeyPairSync('ed25519');
  let testApp: TestApp;
  const http = () => request(testApp.app.getHttpServer());
  const config = { JWT_SECRET: STRONG_SECRET };
  const pem = ed.publicKey.export({ type: 'spki', format: 'pem' }).toString();

  beforeAll(async () => {
    testApp = await startTestApp({
      NODE_ENV: 'production',
      JWT_SECRET: STRONG_SECRET,
      JWT_PUBLIC_KEY: pem,
      // Production also needs the key that signs the chain's checkpoints.
      AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });
  });
  afterAll(async () => testApp?.close());

  it('refuses tokens signed with the public development secret', async () => {
    const response = await http().get('/auth/me').set('Authorization', `Bearer ${craftToken({ alg: 'HS256', typ: 'JWT' }, validClaims(), DEV_JWT_SECRET)}`).expect(401);
    expect(response.body.code).toBe('AUTH.TOKEN_INVALID');
  });

  it('accepts a 15-minute token and refuses a 12-hour one (token life ≤ 900 s)', async () => {
    await http().get('/auth/me').set('Authorization', `Bearer ${tokenFor('insurer', '242055', { ttlSeconds: 900, config })}`).expect(200);
    const long = craftToken({ alg: 'HS256', typ: 'JWT' }, validClaims({ exp: now() + 12 * 3600 }), STRONG_SECRET);
    expect((await http().get('/auth/me').set('Authorization', `Bearer ${long}`).expect(401)).body.message).toMatch(/900 s/);
    const longIdp = idpToken('EdDSA', ed.privateKey, {}, validClaims({ exp: now() + 12 * 3600 }));
    await http().get('/auth/me').set('Authorization', `Bearer ${longIdp}`).expect(401);
    await http().get('/auth/me').set('Authorization', `Bearer ${idpToken('EdDSA', ed.privateKey, {})}`).expect(200);
  });

  it('does not serve the API docs', async () => {
    await http().get('/docs').expect(404);
    await http().get('/docs-json').expect(404);
    await http().get('/health').expect(200);
  });
});

describe('the HTTP surface: tokens in URLs, caching, request ids, store failures (NODE_ENV=test)', () => {
  let testApp: TestApp;
  const http = () => request(testApp.app.getHttpServer());
  const admin = bearer('national-admin', 'MHLW', 'admin-1');

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(async () => testApp?.close());

  it('refuses a token in the query string with 400 AUTH.TOKEN_IN_QUERY, on public routes too', async () => {
    const token = tokenFor('national-admin', 'MHLW');
    for (const path of [`/auth/me?access_token=${token}`, `/health?access_token=${token}`, `/no-such-path?id_token=${token}`, `/fiscal-years/FY2024?Access_Token=${token}`]) {
      const response = await http().get(path).set('Authorization', admin).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: 'AUTH.TOKEN_IN_QUERY' });
      expect(JSON.stringify(response.body)).not.toContain(token);
    }
  });

  it('answers authenticated routes with Cache-Control: no-store, refusals included', async () => {
    expect((await http().get('/auth/me').set('Authorization', admin).expect(200)).headers['cache-control']).toBe('no-store');
    expect((await http().get('/auth/me').expect(401)).headers['cache-control']).toBe('no-store');
    expect((await http().get('/docs-json').expect(200)).headers['cache-control']).not.toBe('no-store');
  });

  it('stores a well-formed X-Request-Id, and replaces a 12 KB or ill-formed one before it reaches the chain', async () => {
    const good = 'trace-1.a:b_c-2';
    const dueAt = new Date(Date.now() + 1500);
    const opened = await http().post('/fiscal-years').set('Authorization', admin).set('X-Request-Id', good).send(openFiscalYearBody('FY2031', dueAt)).expect(201);
    expect(opened.headers['x-request-id']).toBe(good);
    const register = Buffer.from('保険者番号,保険者名,第1号被保険者数\n242055,桑名市,37512\n');
    await http().put('/fiscal-years/FY2031/insurers/import').set('Authorization', admin).set('X-Request-Id', 'bad id with spaces').set('Content-Type', 'text/csv').send(register).expect(200);
    const framework: Framework = (await http().get('/fiscal-years/FY2031/frameworks/municipal').set('Authorization', admin).expect(200)).body;
    const numeric = frameworkIndicators(framework).find(({ indicator }) => indicator.answerType === 'numeric')!.indicator.id;
    await sleep(Math.max(0, dueAt.getTime() - Date.now() + 100));
    await http().post('/fiscal-years/FY2031/phase').set('Authorization', admin).send({ to: 'submissions_closed' }).expect(200);
    // The national-figures import is the route that used to copy the header straight into the event metadata.
    const huge = 'x'.repeat(12 * 1024);
    const imported = await http()
      .put('/fiscal-years/FY2031/national-figures/import')
      .set('Authorization', admin)
      .set('X-Request-Id', huge)
      .set('Content-Type', 'text/csv')
      .send(Buffer.from(`保険者番号,指標ID,数値\n242055,${numeric},1.5\n`))
      .expect(200);
    const replaced = imported.headers['x-request-id'];
    expect(replaced).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const figures = await testApp.app.get(EventStore).readStream('national_figures-FY2031');
    expect(figures.map((event) => event.metadata.correlationId)).toEqual([replaced]);
    const all = await testApp.app.get(EventStore).readAll();
    for (const event of all) expect(event.metadata.correlationId ?? '').toMatch(/^[A-Za-z0-9._:-]{0,128}$/);
    expect(all.some((event) => event.metadata.correlationId === good)).toBe(true);
  });

  it('answers a store failure with 503 EVENT_STORE.UNAVAILABLE and a generic message, never the database’s words', async () => {
    const client = new Client({ connectionString: testApp.db.url });
    await client.connect();
    try {
      await client.query('ALTER TABLE events RENAME TO events_away');
      const response = await http().post('/fiscal-years').set('Authorization', admin).send(openFiscalYearBody('FY2039', new Date(Date.now() + 3_600_000)));
      expect([response.status, response.body.code]).toEqual([503, 'EVENT_STORE.UNAVAILABLE']);
      expect(response.body.message).toMatch(/一時的に.*temporarily unavailable/);
      expect(JSON.stringify(response.body)).not.toMatch(/relation|events|does not exist|42P01/);
    } finally {
      await client.query('ALTER TABLE events_away RENAME TO events');
      await client.end();
    }
  });
});

describe('rate limits: one budget per client address and one per user, across every route', () => {
  let testApp: TestApp;
  const http = () => request(testApp.app.getHttpServer());

  afterEach(async () => testApp?.close());

  it('after an address reaches its limit on one route, every other route and /docs answer 429 before any token is checked', async () => {
    testApp = await startTestApp({ RATE_LIMIT_PER_IP_PER_MINUTE: '5' });
    for (let i = 0; i < 5; i++) await http().get('/auth/me').set('Authorization', 'Bearer not.a.token').expect(401);
    for (const call of [http().get('/fiscal-years'), http().get('/docs-json'), http().get('/docs'), http().post('/fiscal-years').set('Authorization', 'Bearer x.y.z')]) {
      const response = await call.expect(429);
      expect(response.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED', details: { limit: 5 } });
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    }
    // Health probes are not counted, so an orchestrator still sees the truth.
    await http().get('/health').expect(200);
  });

  it('after a user reaches the write limit on one route, their writes on every other route answer 429; another user still writes', async () => {
    testApp = await startTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '3' });
    const admin = bearer('national-admin', 'MHLW', 'admin-1');
    for (let i = 0; i < 3; i++) await http().post('/fiscal-years').set('Authorization', admin).send({}).expect(400);
    const elsewhere = await http().put('/fiscal-years/FY2024/insurers').set('Authorization', admin).send({ insurers: [] }).expect(429);
    expect(elsewhere.body.code).toBe('RATE_LIMITED');
    await http().post('/fiscal-years/FY2024/phase').set('Authorization', admin).send({}).expect(429);
    // Reads are not counted against writes, and another administrator has a budget of their own.
    await http().get('/auth/me').set('Authorization', admin).expect(200);
    await http().post('/fiscal-years').set('Authorization', bearer('national-admin', 'MHLW', 'admin-2')).send({}).expect(400);
  });
});
