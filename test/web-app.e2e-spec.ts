import { readFileSync } from 'node:fs';
import request from 'supertest';
import { renderSchema, WEB_API_SCHEMA } from '../scripts/web-api-schema';
import { devTokensEnabled } from '../apps/api/src/auth/dev-token.controller';
import { DEV_JWT_SECRET } from '../apps/api/src/config/app-config';
import { startTestApp, TestApp } from './support/test-app';

const OWN_SECRET = 'a-secret-of-its-own-at-least-thirty-two-characters';

describe('what the web app relies on', () => {
  let testApp: TestApp;
  const http = () => request(testApp.app.getHttpServer());

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(async () => testApp?.close());

  it('has its API types generated from the live OpenAPI document (run `npm run web:schema` after changing a route)', async () => {
    const document = (await http().get('/docs-json').expect(200)).body;
    expect(readFileSync(WEB_API_SCHEMA, 'utf8')).toBe(renderSchema(document));
  });

  it('signs a developer in as a role and organisation, and the token is accepted', async () => {
    const issued = await http().post('/auth/dev-token').send({ role: 'prefecture', org: '24', sub: 'mie-1' }).expect(200);
    expect(Date.parse(issued.body.expiresAt)).toBeGreaterThan(Date.now());
    const me = await http().get('/auth/me').set('Authorization', `Bearer ${issued.body.token}`).expect(200);
    expect(me.body).toEqual({ actorId: 'mie-1', issuer: 'grants-api', role: 'prefecture', organisationCode: '24', prefectureCode: '24' });
  });

  it('refuses a role and organisation that do not fit, and unknown fields', async () => {
    const wrongOrg = await http().post('/auth/dev-token').send({ role: 'insurer', org: '24' }).expect(400);
    expect(wrongOrg.body.code).toBe('AUTH.DEV_TOKEN_INVALID_ACTOR');
    const unknownRole = await http().post('/auth/dev-token').send({ role: 'root', org: 'MHLW' }).expect(400);
    expect(unknownRole.body.errors[0].field).toBe('role');
    await http().post('/auth/dev-token').send({ role: 'national-admin', org: 'MHLW', isAdmin: true }).expect(400);
  });

  it('keeps an unknown API path a JSON 404 with its code', async () => {
    const response = await http().get('/fiscal-years/FY2024/no-such-thing').expect(404);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    expect(response.body.statusCode).toBe(404);
  });

  it('offers development sign-in only in development and test with the development secret', () => {
    expect(devTokensEnabled({ NODE_ENV: 'test', JWT_SECRET: DEV_JWT_SECRET })).toBe(true);
    expect(devTokensEnabled({ NODE_ENV: 'development', JWT_SECRET: DEV_JWT_SECRET })).toBe(true);
    expect(devTokensEnabled({ NODE_ENV: 'development', JWT_SECRET: OWN_SECRET })).toBe(false);
    expect(devTokensEnabled({ NODE_ENV: 'production', JWT_SECRET: OWN_SECRET })).toBe(false);
  });
});

describe('development sign-in with a secret of its own', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ JWT_SECRET: OWN_SECRET });
  });
  afterAll(async () => testApp?.close());

  it('answers 404 AUTH.DEV_TOKEN_DISABLED and issues nothing', async () => {
    const response = await request(testApp.app.getHttpServer()).post('/auth/dev-token').send({ role: 'national-admin', org: 'MHLW' }).expect(404);
    expect(response.body).toMatchObject({ code: 'AUTH.DEV_TOKEN_DISABLED' });
    expect(response.body.token).toBeUndefined();
  });

  it('starts no development session either, and tells the sign-in page to offer no picker', async () => {
    const http = () => request(testApp.app.getHttpServer());
    const response = await http().post('/auth/dev-session').send({ role: 'national-admin', org: 'MHLW' }).expect(404);
    expect([response.body.code, response.headers['set-cookie']]).toEqual(['AUTH.DEV_TOKEN_DISABLED', undefined]);
    expect((await http().get('/auth/session').expect(200)).body).toEqual({ signedIn: false, signIn: { oidc: false, development: false } });
  });
});
