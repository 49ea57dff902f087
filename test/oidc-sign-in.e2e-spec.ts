import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { Misbehaviour, OidcTestProvider } from './support/oidc-test-provider';
import { startTestApp, TestApp } from './support/test-app';
import { bearer } from './support/tokens';

const REDIRECT_URI = 'http://127.0.0.1:3000/auth/oidc/callback';
const AFTER_LOGOUT = 'http://127.0.0.1:3000/app/sign-in';
const MIE = { sub: 'mie-tanaka', grants_role: 'prefecture', organisation_code: '24' };
const ADMIN = { sub: 'mhlw-sato', grants_role: 'national-admin', organisation_code: 'MHLW' };

/** The cookie pairs (`name=value`) a response sets, by name. */
function cookiesOf(response: request.Response): Record<string, { pair: string; attributes: string }> {
  const header = response.headers['set-cookie'] as unknown as string[] | undefined;
  return Object.fromEntries(
    (header ?? []).map((line) => {
      const [pair, ...attributes] = line.split('; ');
      return [pair.slice(0, pair.indexOf('=')), { pair, attributes: attributes.join('; ') }];
    }),
  );
}

describe('OpenID Connect sign-in of the web app (authorization code + PKCE, server-side session)', () => {
  let provider: OidcTestProvider;
  let testApp: TestApp;
  let app: INestApplication;
  /** Every body the service answered the browser in these tests: none may carry a token or a session id. */
  const bodies: string[] = [];
  const sessionIds: string[] = [];
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    provider = await new OidcTestProvider().start();
    testApp = await startTestApp(provider.env(REDIRECT_URI, AFTER_LOGOUT));
    app = testApp.app;
  });
  afterAll(async () => {
    await testApp?.close();
    await provider?.stop();
  });

  /** The browser's round trip: login → provider → callback; returns the callback's answer. */
  async function signIn(claims: Record<string, unknown>, misbehaviour?: Misbehaviour, options: { state?: string; cookie?: string | null; error?: string } = {}) {
    const login = await http().get('/auth/oidc/login').expect(303);
    bodies.push(login.text);
    const started = cookiesOf(login)['grants-oidc'];
    expect(started.attributes).toMatch(/HttpOnly/);
    const callback = provider.authorize(login.headers.location, claims, misbehaviour, options.error);
    const path = options.state === undefined ? callback : callback.replace(/state=[^&]*/, `state=${options.state}`);
    const call = http().get(path);
    if (options.cookie !== null) call.set('Cookie', options.cookie ?? started.pair);
    const answer = await call.expect(303);
    bodies.push(answer.text);
    const session = cookiesOf(answer)['grants-session'];
    if (session) sessionIds.push(session.pair.split('=')[1]);
    return { answer, login, session };
  }

  const refusedWith = async (code: string, run: ReturnType<typeof signIn>) => {
    const { answer, session } = await run;
    expect([answer.headers.location, session]).toEqual([`/app/sign-in?error=${code}`, undefined]);
  };

  it('sends the browser back to the sign-in page with AUTH.OIDC_PROVIDER_UNAVAILABLE while the provider is down', async () => {
    provider.down = true;
    const login = await http().get('/auth/oidc/login').expect(303);
    provider.down = false;
    expect(login.headers.location).toBe('/app/sign-in?error=AUTH.OIDC_PROVIDER_UNAVAILABLE');
  });

  it('asks the provider for a code with state, nonce and an S256 PKCE challenge, and signs in with an HttpOnly SameSite=Lax session cookie', async () => {
    const { login, answer, session } = await signIn(MIE);
    const authorization = new URL(login.headers.location);
    expect(`${authorization.origin}${authorization.pathname}`).toBe(`${provider.issuer}/authorize`);
    for (const name of ['state', 'nonce', 'code_challenge']) expect(authorization.searchParams.get(name)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorization.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(answer.headers.location).toBe('/app');
    expect(session.attributes.split('; ')).toEqual(expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Lax']));

    const me = await http().get('/auth/session').set('Cookie', session.pair).expect(200);
    bodies.push(me.text);
    expect(me.body).toMatchObject({
      signedIn: true,
      actor: { actorId: 'mie-tanaka', role: 'prefecture', organisationCode: '24', prefectureCode: '24', issuer: provider.issuer },
      signIn: { oidc: true, development: true },
    });
    const read = await http().get('/fiscal-years').set('Cookie', session.pair).expect(200);
    bodies.push(read.text);
  });

  it('takes role and organisation from UserInfo when the provider keeps them out of the ID token', async () => {
    const { answer, session } = await signIn(MIE, { claimsInUserInfo: true });
    expect(answer.headers.location).toBe('/app');
    expect((await http().get('/auth/me').set('Cookie', session.pair).expect(200)).body).toMatchObject({ role: 'prefecture', organisationCode: '24' });
  });

  it('refuses cookie-authenticated changes without the session CSRF token, and accepts them with it', async () => {
    const { session } = await signIn(ADMIN);
    const csrf = ((await http().get('/auth/session').set('Cookie', session.pair).expect(200)).body as { csrfToken: string }).csrfToken;
    for (const header of [undefined, 'x'.repeat(43)]) {
      const call = http().post('/fiscal-years').set('Cookie', session.pair).send({});
      if (header) call.set('X-CSRF-Token', header);
      expect((await call.expect(403)).body.code).toBe('AUTH.CSRF_TOKEN_INVALID');
    }
    // Past authentication: the empty body fails validation.
    await http().post('/fiscal-years').set('Cookie', session.pair).set('X-CSRF-Token', csrf).send({}).expect(400);
    // Bearer tokens (the CLI, other clients) need no CSRF token and win over a cookie.
    const me = await http().get('/auth/me').set('Cookie', session.pair).set('Authorization', bearer('insurer', '242055', 'kuwana-1')).expect(200);
    expect(me.body.actorId).toBe('kuwana-1');
  });

  it('signs out: the session ends on the server, its cookie no longer signs anyone in, and the browser goes on to the provider\'s sign-out', async () => {
    const { session } = await signIn(MIE);
    const csrf = ((await http().get('/auth/session').set('Cookie', session.pair).expect(200)).body as { csrfToken: string }).csrfToken;
    expect((await http().post('/auth/logout').set('Cookie', session.pair).expect(403)).body.code).toBe('AUTH.CSRF_TOKEN_INVALID');
    const out = await http().post('/auth/logout').set('Cookie', session.pair).set('X-CSRF-Token', csrf).expect(200);
    bodies.push(out.text);
    expect(cookiesOf(out)['grants-session'].attributes).toMatch(/Max-Age=0/);
    const next = new URL(out.body.redirectTo as string);
    expect([`${next.origin}${next.pathname}`, next.searchParams.get('client_id'), next.searchParams.get('post_logout_redirect_uri')]).toEqual([
      `${provider.issuer}/session/end`,
      'grants-web',
      AFTER_LOGOUT,
    ]);
    expect((await http().get('/auth/me').set('Cookie', session.pair).expect(401)).body.code).toBe('AUTH.SESSION_EXPIRED');
    expect((await http().get('/auth/session').set('Cookie', session.pair).expect(200)).body.signedIn).toBe(false);
    // A development session, and a browser signed in to nothing, just go back to the sign-in page.
    const dev = cookiesOf(await http().post('/auth/dev-session').send({ role: 'insurer', org: '242055' }).expect(200))['grants-session'].pair;
    const devCsrf = ((await http().get('/auth/session').set('Cookie', dev).expect(200)).body as { csrfToken: string }).csrfToken;
    expect((await http().post('/auth/logout').set('Cookie', dev).set('X-CSRF-Token', devCsrf).expect(200)).body).toEqual({ redirectTo: '/app/sign-in' });
    expect((await http().post('/auth/logout').expect(200)).body).toEqual({ redirectTo: '/app/sign-in' });
  });

  it('refuses a callback whose state is not the sign-in this browser started (AUTH.OIDC_STATE_MISMATCH)', async () => {
    await refusedWith('AUTH.OIDC_STATE_MISMATCH', signIn(MIE, {}, { state: 'A'.repeat(43) }));
    await refusedWith('AUTH.OIDC_STATE_MISMATCH', signIn(MIE, {}, { cookie: null }));
    // A callback completes once: the same answer replayed finds no sign-in under way.
    const { login } = await signIn(MIE);
    const started = cookiesOf(login)['grants-oidc'].pair;
    const replay = await http().get(provider.authorize(login.headers.location, MIE)).set('Cookie', started).expect(303);
    expect(replay.headers.location).toBe('/app/sign-in?error=AUTH.OIDC_STATE_MISMATCH');
  });

  it('refuses an ID token for another sign-in (AUTH.OIDC_NONCE_MISMATCH)', async () => {
    await refusedWith('AUTH.OIDC_NONCE_MISMATCH', signIn(MIE, { idToken: { nonce: 'B'.repeat(43) } }));
    await refusedWith('AUTH.OIDC_NONCE_MISMATCH', signIn(MIE, { idToken: { nonce: undefined } }));
  });

  it.each<[string, Misbehaviour]>([
    ['for another client (aud)', { idToken: { aud: 'another-client' } }],
    ['for several audiences without azp', { idToken: { aud: ['grants-web', 'another-client'] } }],
    ['from another issuer', { idToken: { iss: 'https://elsewhere.example' } }],
    ['signed by a key not in the JWKS', { foreignKey: true }],
    ['without a signature (alg none)', { algorithm: 'none' }],
    ['signed HS256 with the client secret', { algorithm: 'HS256' }],
    ['without a sub', { idToken: { sub: undefined } }],
  ])('refuses an ID token %s (AUTH.OIDC_ID_TOKEN_INVALID)', async (_label, misbehaviour) => {
    await refusedWith('AUTH.OIDC_ID_TOKEN_INVALID', signIn(MIE, misbehaviour));
  });

  it('refuses an expired ID token, and one issued long ago (AUTH.OIDC_ID_TOKEN_EXPIRED)', async () => {
    const now = Math.floor(Date.now() / 1000);
    await refusedWith('AUTH.OIDC_ID_TOKEN_EXPIRED', signIn(MIE, { idToken: { iat: now - 600, exp: now - 120 } }));
    await refusedWith('AUTH.OIDC_ID_TOKEN_EXPIRED', signIn(MIE, { idToken: { iat: now - 3600, exp: now + 300 } }));
  });

  it('refuses an account without a known role or with an organisation that does not fit it', async () => {
    await refusedWith('AUTH.OIDC_ROLE_UNKNOWN', signIn({ ...MIE, grants_role: 'mayor' }));
    await refusedWith('AUTH.OIDC_ROLE_UNKNOWN', signIn({ sub: 'nobody', organisation_code: '24' }));
    await refusedWith('AUTH.OIDC_ORGANISATION_INVALID', signIn({ ...MIE, organisation_code: 'MHLW' }));
  });

  it('explains a sign-in the person cancelled at the provider (AUTH.OIDC_DENIED)', async () => {
    await refusedWith('AUTH.OIDC_DENIED', signIn(MIE, {}, { error: 'access_denied' }));
  });

  it('never lets a token or a session id reach a body the browser can read', () => {
    expect(provider.issued.length).toBeGreaterThan(0);
    expect(sessionIds.length).toBeGreaterThan(0);
    const leaked = [...provider.issued, ...sessionIds].filter((secret) => bodies.some((body) => body.includes(secret)));
    expect(leaked).toEqual([]);
  });
});
