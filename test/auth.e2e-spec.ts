import { Controller, Delete, Get, INestApplication, Module, Param, Post } from '@nestjs/common';
import request from 'supertest';
import { createTestDatabase, TestDatabase } from '@grants/testing';
import type { Actor } from '../apps/api/src/auth/actor';
import { CurrentActor, Public, Roles } from '../apps/api/src/auth/auth.decorators';
import { assertInsurerScope } from '../apps/api/src/auth/scope';
import { createApp } from '../apps/api/src/app.factory';
import { AppModule } from '../apps/api/src/app.module';
import { loadConfig } from '../apps/api/src/config/app-config';
import { bearer, craftToken, tokenFor, validClaims } from './support/tokens';

const now = () => Math.floor(Date.now() / 1000);
const OTHER_SECRET = 'another-secret-of-at-least-thirty-two-characters';

describe('authentication over HTTP (GET /auth/me)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createApp({ databaseUrl: db.url, config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: db.url }) });
    await app.init();
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it.each<[string, Actor]>([
    ['an insurer', { actorId: 'kuwana-1', role: 'insurer', organisationCode: '242055', prefectureCode: '24' }],
    ['a prefecture', { actorId: 'mie-1', role: 'prefecture', organisationCode: '24', prefectureCode: '24' }],
    ['a national administrator', { actorId: 'admin-1', role: 'national-admin', organisationCode: 'MHLW' }],
    ['a national reviewer', { actorId: 'reviewer-1', role: 'national-reviewer', organisationCode: 'MHLW' }],
    ['an auditor', { actorId: 'auditor-1', role: 'auditor', organisationCode: 'MHLW' }],
  ])('tells %s who they are with 200 and the actor', async (_who, actor) => {
    const token = tokenFor(actor.role, actor.organisationCode, { sub: actor.actorId });
    const response = await http().get('/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    // A person is the subject at its issuer (the two-person rule compares both).
    expect(response.body).toEqual({ ...actor, issuer: 'grants-api' });
  });

  it('accepts the header helper the other e2e tests use, and a lower-case scheme', async () => {
    await http().get('/auth/me').set('Authorization', bearer('national-reviewer', 'MHLW')).expect(200);
    await http().get('/auth/me').set('Authorization', `bearer ${tokenFor('national-reviewer', 'MHLW')}`).expect(200);
  });

  it('accepts a token that expired less than the 60 s clock tolerance ago', async () => {
    await http()
      .get('/auth/me')
      .set('Authorization', `Bearer ${tokenFor('insurer', '242055', { nowSeconds: now() - 630, ttlSeconds: 600 })}`)
      .expect(200);
  });

  it.each<[string, string | undefined]>([
    ['no Authorization header', undefined],
    ['an empty bearer', 'Bearer '],
    ['another scheme', 'Basic YWRtaW46YWRtaW4='],
  ])('asks for a token with 401 AUTH.UNAUTHENTICATED and WWW-Authenticate: Bearer on %s', async (_label, header) => {
    const call = http().get('/auth/me');
    const response = await (header === undefined ? call : call.set('Authorization', header)).expect(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.body).toEqual({ statusCode: 401, code: 'AUTH.UNAUTHENTICATED', message: expect.stringContaining('Authorization: Bearer') });
    expect(response.body.message).toMatch(/ログイン/);
  });

  it.each<[string, () => string, string]>([
    ['alg none', () => craftToken({ alg: 'none', typ: 'JWT' }, validClaims()), 'AUTH.TOKEN_INVALID'],
    ['alg none with a signature', () => craftToken({ alg: 'none', typ: 'JWT' }, validClaims()) + 'c2ln', 'AUTH.TOKEN_INVALID'],
    ['a signature made with another secret', () => craftToken({ alg: 'HS256', typ: 'JWT' }, validClaims(), OTHER_SECRET), 'AUTH.TOKEN_INVALID'],
    ['HS512', () => craftToken({ alg: 'HS512', typ: 'JWT' }, validClaims()), 'AUTH.TOKEN_INVALID'],
    ['HS384', () => craftToken({ alg: 'HS384', typ: 'JWT' }, validClaims()), 'AUTH.TOKEN_INVALID'],
    ['RS256 in the header', () => craftToken({ alg: 'RS256', typ: 'JWT' }, validClaims()), 'AUTH.TOKEN_INVALID'],
    ['an unknown kid', () => craftToken({ alg: 'HS256', typ: 'JWT', kid: 'k1' }, validClaims()), 'AUTH.TOKEN_INVALID'],
    ['an expired token', () => craftToken({ alg: 'HS256' }, validClaims({ iat: now() - 7200, exp: now() - 3600 })), 'AUTH.TOKEN_EXPIRED'],
    ['a token expired by the CLI helper', () => tokenFor('insurer', '242055', { nowSeconds: now() - 3600, ttlSeconds: 600 }), 'AUTH.TOKEN_EXPIRED'],
    ['a wrong audience', () => craftToken({ alg: 'HS256' }, validClaims({ aud: 'someone-else' })), 'AUTH.TOKEN_INVALID'],
    ['a wrong issuer', () => craftToken({ alg: 'HS256' }, validClaims({ iss: 'evil' })), 'AUTH.TOKEN_INVALID'],
    ['no issuer', () => craftToken({ alg: 'HS256' }, validClaims({ iss: undefined })), 'AUTH.TOKEN_INVALID'],
    ['no expiry', () => craftToken({ alg: 'HS256' }, validClaims({ exp: undefined })), 'AUTH.TOKEN_INVALID'],
    ['an expiry that is not a number', () => craftToken({ alg: 'HS256' }, validClaims({ exp: String(now() + 600) })), 'AUTH.TOKEN_INVALID'],
    ['a life above JWT_MAX_TTL_SECONDS', () => craftToken({ alg: 'HS256' }, validClaims({ exp: now() + 365 * 86400 })), 'AUTH.TOKEN_INVALID'],
    ['a long life hidden behind a future iat', () => craftToken({ alg: 'HS256' }, validClaims({ iat: now() + 86400, exp: now() + 86400 + 60 })), 'AUTH.TOKEN_INVALID'],
    ['a not-before in the future', () => craftToken({ alg: 'HS256' }, validClaims({ nbf: now() + 600 })), 'AUTH.TOKEN_INVALID'],
    ['an insurer code with a bad check digit', () => craftToken({ alg: 'HS256' }, validClaims({ role: 'insurer', org: '242056' })), 'AUTH.TOKEN_INVALID'],
    ['a prefecture user claiming the ministry', () => craftToken({ alg: 'HS256' }, validClaims({ role: 'prefecture', org: 'MHLW' })), 'AUTH.TOKEN_INVALID'],
    ['prefecture 48', () => craftToken({ alg: 'HS256' }, validClaims({ role: 'prefecture', org: '48' })), 'AUTH.TOKEN_INVALID'],
    ['an auditor of a prefecture', () => craftToken({ alg: 'HS256' }, validClaims({ role: 'auditor', org: '24' })), 'AUTH.TOKEN_INVALID'],
    ['an unknown role', () => craftToken({ alg: 'HS256' }, validClaims({ role: 'root' })), 'AUTH.TOKEN_INVALID'],
    ['no subject', () => craftToken({ alg: 'HS256' }, validClaims({ sub: undefined })), 'AUTH.TOKEN_INVALID'],
    ['garbage', () => 'not-a-token', 'AUTH.TOKEN_INVALID'],
    ['three garbage parts', () => 'a.b.c', 'AUTH.TOKEN_INVALID'],
  ])('refuses %s with 401', async (_label, token, code) => {
    const response = await http().get('/auth/me').set('Authorization', `Bearer ${token()}`).expect(401);
    expect(response.body).toEqual({ statusCode: 401, code, message: expect.any(String) });
    expect(response.headers['www-authenticate']).toMatch(/^Bearer\b/);
  });

  it('says in both languages why a token was refused, without echoing the expected issuer or audience', async () => {
    const response = await http()
      .get('/auth/me')
      .set('Authorization', `Bearer ${craftToken({ alg: 'HS256' }, validClaims({ aud: 'someone-else' }))}`)
      .expect(401);
    expect(response.body.message).toMatch(/トークンが無効です/);
    expect(response.body.message).toMatch(/audience/);
    expect(response.body.message).not.toMatch(/expected/);
    const expired = await http()
      .get('/auth/me')
      .set('Authorization', `Bearer ${tokenFor('insurer', '242055', { nowSeconds: now() - 3600, ttlSeconds: 600 })}`)
      .expect(401);
    expect(expired.body.message).toMatch(/有効期限.*expired/);
  });

  it('keeps the health probes and the API docs public', async () => {
    await http().get('/health').expect(200);
    await http().get('/health/projections').expect(200);
    await http().get('/docs-json').expect(200);
    await http().get('/docs').expect(200);
  });

  it('documents /auth/me with bearer auth in the OpenAPI document', async () => {
    const { body } = await http().get('/docs-json').expect(200);
    expect(body.paths['/auth/me'].get.security).toEqual([{ bearer: [] }]);
  });
});

/** Routes made for this test only, to exercise @Roles, the auditor rule and scope through the real guard. */
@Controller('auth-test')
class ProbeController {
  @Get('open')
  @Public()
  open() {
    return { ok: true };
  }

  @Get('insurers/:code')
  readInsurer(@CurrentActor() actor: Actor, @Param('code') code: string) {
    assertInsurerScope(actor, code);
    return { code };
  }

  @Post('insurers/:code')
  @Roles('insurer', 'prefecture', 'national-admin', 'auditor')
  writeInsurer(@CurrentActor() actor: Actor, @Param('code') code: string) {
    assertInsurerScope(actor, code, 'write');
    return { code };
  }

  @Delete('admin-only')
  @Roles('national-admin')
  adminOnly() {
    return { ok: true };
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe('roles, the auditor rule and organisation scope through the global guard', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: db.url });
    // The real app module plus the probe routes, built by createApp: the same guard, filter and pipes.
    const forRoot = AppModule.forRoot.bind(AppModule);
    const spy = jest.spyOn(AppModule, 'forRoot').mockImplementation((options) => {
      const root = forRoot(options);
      return { ...root, imports: [...(root.imports ?? []), ProbeModule] };
    });
    try {
      app = await createApp({ databaseUrl: db.url, config });
    } finally {
      spy.mockRestore();
    }
    await app.init();
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('lets anyone call a @Public() route', async () => {
    await http().get('/auth-test/open').expect(200);
  });

  it('answers a role outside @Roles with 403 AUTH.ROLE_NOT_ALLOWED', async () => {
    const response = await http().delete('/auth-test/admin-only').set('Authorization', bearer('national-reviewer', 'MHLW')).expect(403);
    expect(response.body).toMatchObject({ statusCode: 403, code: 'AUTH.ROLE_NOT_ALLOWED', details: { role: 'national-reviewer', allowedRoles: ['national-admin'] } });
    await http().delete('/auth-test/admin-only').set('Authorization', bearer('national-admin', 'MHLW')).expect(200);
  });

  it('answers an auditor with 403 AUTH.AUDITOR_READ_ONLY on every non-GET route, even one whose @Roles lists auditors', async () => {
    const auditor = bearer('auditor', 'MHLW');
    for (const call of [http().post('/auth-test/insurers/242055'), http().delete('/auth-test/admin-only')]) {
      const response = await call.set('Authorization', auditor).expect(403);
      expect(response.body.code).toBe('AUTH.AUDITOR_READ_ONLY');
    }
    await http().get('/auth-test/insurers/242055').set('Authorization', auditor).expect(200);
    await http().head('/auth-test/insurers/242055').set('Authorization', auditor).expect(200);
  });

  it('authenticates before checking roles: no token on a @Roles route is 401, not 403', async () => {
    await http().delete('/auth-test/admin-only').expect(401);
  });

  it.each<[string, string, string, string, number]>([
    ['an insurer for itself', 'insurer', '242055', '242055', 200],
    ['an insurer for its neighbour', 'insurer', '242055', '242021', 403],
    ['a prefecture for its municipality', 'prefecture', '24', '242055', 200],
    ['a prefecture for another prefecture’s municipality', 'prefecture', '23', '242055', 403],
    ['a national administrator for anyone', 'national-admin', 'MHLW', '011002', 200],
  ])('applies organisation scope: %s', async (_label, role, org, target, status) => {
    const token = bearer(role as Actor['role'], org);
    for (const call of [http().get(`/auth-test/insurers/${target}`), http().post(`/auth-test/insurers/${target}`)]) {
      const response = await call.set('Authorization', token).expect(status === 200 && call.method === 'POST' ? 201 : status);
      if (status === 403) expect(response.body).toMatchObject({ statusCode: 403, code: 'AUTH.OUT_OF_SCOPE', message: expect.stringContaining(target) });
    }
  });
});
