import { createHmac } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { JWT_AUDIENCE, JWT_ISSUER } from '../apps/api/src/auth/tokens';
import { DEV_JWT_SECRET } from '../apps/api/src/config/app-config';
import { startTestApp, TestApp } from './support/test-app';
import { bearer } from './support/tokens';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const claims = (extra: object = {}) => ({ sub: 'admin-1', role: 'national-admin', org: 'MHLW', iss: JWT_ISSUER, aud: JWT_AUDIENCE, iat: now(), exp: now() + 600, ...extra });
function hs(alg: 'HS256' | 'HS512', payload: object, secret = DEV_JWT_SECRET): string {
  const head = `${b64({ alg, typ: 'JWT' })}.${b64(payload)}`;
  return `${head}.${createHmac(alg === 'HS256' ? 'sha256' : 'sha512', secret).update(head).digest('base64url')}`;
}

describe('authentication and roles over HTTP', () => {
  let testApp: TestApp;
  let app: INestApplication;

  beforeAll(async () => {
    testApp = await startTestApp();
    app = testApp.app;
  });
  afterAll(async () => testApp?.close());

  it('tells a signed-in caller who they are', async () => {
    const response = await request(app.getHttpServer()).get('/auth/me').set('Authorization', bearer('insurer', '242055', 'kuwana-1')).expect(200);
    expect(response.body).toEqual({ actorId: 'kuwana-1', role: 'insurer', organisationCode: '242055', prefectureCode: '24' });
  });

  it('asks for a token with 401 and WWW-Authenticate when none is sent', async () => {
    const response = await request(app.getHttpServer()).get('/auth/me').expect(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.body).toMatchObject({ statusCode: 401, code: 'AUTH.UNAUTHENTICATED' });
  });

  it.each<[string, () => string, string]>([
    ['alg none', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`, 'AUTH.TOKEN_INVALID'],
    ['a wrong signature', () => hs('HS256', claims(), 'another-secret-another-secret-another'), 'AUTH.TOKEN_INVALID'],
    ['HS512', () => hs('HS512', claims()), 'AUTH.TOKEN_INVALID'],
    ['an expired token', () => hs('HS256', claims({ iat: now() - 7200, exp: now() - 3600 })), 'AUTH.TOKEN_EXPIRED'],
    ['a wrong audience', () => hs('HS256', claims({ aud: 'someone-else' })), 'AUTH.TOKEN_INVALID'],
    ['a wrong issuer', () => hs('HS256', claims({ iss: 'evil' })), 'AUTH.TOKEN_INVALID'],
    ['no expiry', () => hs('HS256', { ...claims(), exp: undefined }), 'AUTH.TOKEN_INVALID'],
    ['a life of a year', () => hs('HS256', claims({ exp: now() + 365 * 86400 })), 'AUTH.TOKEN_INVALID'],
    ['an insurer code with a bad check digit', () => hs('HS256', claims({ role: 'insurer', org: '242056' })), 'AUTH.TOKEN_INVALID'],
    ['a prefecture user claiming the ministry', () => hs('HS256', claims({ role: 'prefecture', org: 'MHLW' })), 'AUTH.TOKEN_INVALID'],
    ['an unknown role', () => hs('HS256', claims({ role: 'root' })), 'AUTH.TOKEN_INVALID'],
    ['garbage', () => 'not-a-token', 'AUTH.TOKEN_INVALID'],
  ])('refuses %s with 401', async (_label, token, code) => {
    const response = await request(app.getHttpServer()).get('/auth/me').set('Authorization', `Bearer ${token()}`).expect(401);
    expect(response.body).toMatchObject({ statusCode: 401, code });
  });

  it('accepts a token signed by the service’s own JwtService (the same format the CLI issues)', async () => {
    const token = new JwtService({ secret: DEV_JWT_SECRET }).sign(
      { role: 'auditor', org: 'MHLW' },
      { subject: 'auditor-1', issuer: JWT_ISSUER, audience: JWT_AUDIENCE, expiresIn: 60 },
    );
    await request(app.getHttpServer()).get('/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
  });

  it('keeps health public', async () => {
    await request(app.getHttpServer()).get('/health').expect(200);
  });
});
