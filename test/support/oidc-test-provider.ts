import { createHash, createHmac, generateKeyPairSync, KeyObject, randomBytes, sign } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** How one sign-in's answers differ from a well-behaved provider's. */
export interface Misbehaviour {
  /** Claims of the ID token replaced or added (`undefined` removes one). */
  readonly idToken?: Record<string, unknown>;
  /** Signs with a key that is not in the JWKS (under the published kid). */
  readonly foreignKey?: boolean;
  /** An unsecured ID token (`alg: none`, no signature) or one signed HS256 with the client secret. */
  readonly algorithm?: 'none' | 'HS256';
  /** Role and organisation only in the UserInfo answer, not in the ID token. */
  readonly claimsInUserInfo?: boolean;
}

interface Grant {
  readonly nonce: string;
  readonly challenge: string;
  readonly redirectUri: string;
  readonly claims: Record<string, unknown>;
  readonly misbehaviour: Misbehaviour;
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A stand-in for an external OpenID Connect provider (discovery, JWKS, token and UserInfo endpoints) that issues
 * exactly the ID tokens a test asks for, well-formed or not: the refusals of the service's callback are tested
 * against it. `authorize` plays the provider's login page: it accepts the authorization request and returns the
 * callback URL the browser would be sent to. The browser test uses the real `oidc-provider` package instead.
 */
export class OidcTestProvider {
  readonly clientId = 'grants-web';
  readonly clientSecret = randomBytes(24).toString('base64url');
  /** Every token it issued, so tests can look for them where they must not be. */
  readonly issued: string[] = [];
  /** While true, discovery and the token endpoint answer 503. */
  down = false;
  private readonly kid = 'test-key-1';
  private readonly key = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly foreign = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly grants = new Map<string, Grant>();
  private readonly accessTokens = new Map<string, Record<string, unknown>>();
  private server: Server | undefined;
  issuer = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
    this.issuer = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((done) => (this.server ? this.server.close(() => done()) : done()));
  }

  /** The service's settings for this provider. */
  env(redirectUri: string, afterLogout: string): Record<string, string> {
    return {
      OIDC_ISSUER: this.issuer,
      OIDC_CLIENT_ID: this.clientId,
      OIDC_CLIENT_SECRET: this.clientSecret,
      OIDC_REDIRECT_URI: redirectUri,
      OIDC_POST_LOGOUT_REDIRECT_URI: afterLogout,
      OIDC_SCOPES: 'openid grants',
    };
  }

  /**
   * The person signs in at the provider: checks the authorization request and returns the path of the callback
   * (`/auth/oidc/callback?code=…&state=…`), or with `error` the provider's refusal.
   */
  authorize(authorizationUrl: string, claims: Record<string, unknown>, misbehaviour: Misbehaviour = {}, error?: string): string {
    const url = new URL(authorizationUrl);
    const p = (name: string) => url.searchParams.get(name) ?? '';
    if (p('client_id') !== this.clientId || p('response_type') !== 'code' || p('code_challenge_method') !== 'S256' || !p('scope').split(' ').includes('openid')) {
      throw new Error(`not an authorization request this provider accepts: ${authorizationUrl}`);
    }
    const redirect = new URL(p('redirect_uri'));
    if (error) return `${redirect.pathname}?error=${error}&state=${encodeURIComponent(p('state'))}`;
    const code = randomBytes(16).toString('base64url');
    this.grants.set(code, { nonce: p('nonce'), challenge: p('code_challenge'), redirectUri: p('redirect_uri'), claims, misbehaviour });
    return `${redirect.pathname}?code=${code}&state=${encodeURIComponent(p('state'))}`;
  }

  private idToken(grant: Grant): string {
    const now = Math.floor(Date.now() / 1000);
    const { claimsInUserInfo, foreignKey, idToken = {} } = grant.misbehaviour;
    const base = { iss: this.issuer, aud: this.clientId, iat: now, exp: now + 300, nonce: grant.nonce, ...(claimsInUserInfo ? { sub: grant.claims.sub } : grant.claims) };
    const payload = Object.fromEntries(Object.entries({ ...base, ...idToken }).filter(([, v]) => v !== undefined));
    const { algorithm } = grant.misbehaviour;
    const input = `${base64url({ alg: algorithm ?? 'RS256', typ: 'JWT', kid: this.kid })}.${base64url(payload)}`;
    if (algorithm === 'none') return `${input}.`;
    if (algorithm === 'HS256') return `${input}.${createHmac('sha256', this.clientSecret).update(input).digest('base64url')}`;
    const key: KeyObject = foreignKey ? this.foreign.privateKey : this.key.privateKey;
    return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const json = (status: number, body: object) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const path = new URL(request.url ?? '/', this.issuer).pathname;
    if (this.down && path !== '/userinfo') return json(503, { error: 'temporarily_unavailable' });
    if (path === '/.well-known/openid-configuration') {
      return json(200, {
        issuer: this.issuer,
        authorization_endpoint: `${this.issuer}/authorize`,
        token_endpoint: `${this.issuer}/token`,
        jwks_uri: `${this.issuer}/jwks`,
        userinfo_endpoint: `${this.issuer}/userinfo`,
        end_session_endpoint: `${this.issuer}/session/end`,
        response_types_supported: ['code'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic'],
      });
    }
    if (path === '/jwks') return json(200, { keys: [{ ...this.key.publicKey.export({ format: 'jwk' }), kid: this.kid, use: 'sig', alg: 'RS256' }] });
    if (path === '/userinfo') {
      const claims = this.accessTokens.get((request.headers.authorization ?? '').replace(/^Bearer /, ''));
      return claims ? json(200, claims) : json(401, { error: 'invalid_token' });
    }
    if (path === '/token' && request.method === 'POST') {
      let text = '';
      for await (const chunk of request) text += String(chunk);
      const form = new URLSearchParams(text);
      const expectedAuth = `Basic ${Buffer.from(`${this.clientId}:${this.clientSecret}`).toString('base64')}`;
      if (request.headers.authorization !== expectedAuth) return json(401, { error: 'invalid_client' });
      const grant = this.grants.get(form.get('code') ?? '');
      this.grants.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      if (!grant || form.get('redirect_uri') !== grant.redirectUri || createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) {
        return json(400, { error: 'invalid_grant' });
      }
      const idToken = this.idToken(grant);
      const accessToken = randomBytes(24).toString('base64url');
      this.accessTokens.set(accessToken, grant.claims);
      this.issued.push(idToken, accessToken);
      return json(200, { id_token: idToken, access_token: accessToken, token_type: 'Bearer', expires_in: 300 });
    }
    json(404, { error: 'not_found' });
  }
}
