import { createHash, randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { JwksCache } from '../jwks';
import { OidcRefusal } from './oidc-refusal';

const FETCH_TIMEOUT_MILLIS = 5_000;
const MAX_RESPONSE_BYTES = 256 * 1024;
/** The discovery document is read again after this long (a provider may move its endpoints or keys). */
const DISCOVERY_TTL_MILLIS = 60 * 60_000;

/** What this service uses of the provider's discovery document (OpenID Connect Discovery §3). */
export interface ProviderMetadata {
  readonly issuer: string;
  readonly authorization_endpoint: string;
  readonly token_endpoint: string;
  readonly jwks_uri: string;
  readonly userinfo_endpoint?: string;
  readonly end_session_endpoint?: string;
  readonly token_endpoint_auth_methods_supported?: string[];
}

/** What the authorization request carries and the callback must find again. */
export interface PendingSignIn {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

const random = () => randomBytes(32).toString('base64url');
const unavailable = (detail: string) => new OidcRefusal('AUTH.OIDC_PROVIDER_UNAVAILABLE', detail);

async function fetchJson(url: string, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(FETCH_TIMEOUT_MILLIS), headers: { accept: 'application/json', ...init.headers } });
  } catch (error) {
    throw unavailable(`${url}: ${(error as Error).message}`);
  }
  const text = await response.text();
  if (text.length > MAX_RESPONSE_BYTES) throw unavailable(`${url}: the answer is larger than ${MAX_RESPONSE_BYTES} bytes`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw unavailable(`${url}: HTTP ${response.status}, not JSON`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw unavailable(`${url}: HTTP ${response.status}, not a JSON object`);
  return { status: response.status, body: body as Record<string, unknown> };
}

/**
 * The OpenID Connect relying party: reads the provider's discovery document (OIDC_ISSUER) and JWKS when first needed,
 * builds authorization requests (code flow, PKCE S256, state, nonce), and redeems codes at the token endpoint with
 * client_secret_basic (client_secret_post when the provider supports only that), or as a public client without a secret.
 */
@Injectable()
export class OidcClient {
  private metadata: { value: ProviderMetadata; keys: JwksCache; at: number } | undefined;
  private readonly logger = new Logger('Oidc');

  constructor(private readonly config: AppConfig) {}

  /** The discovery document and the provider's keys; throws AUTH.OIDC_PROVIDER_UNAVAILABLE when they cannot be read. */
  async provider(): Promise<{ metadata: ProviderMetadata; keys: JwksCache }> {
    const issuer = this.config.OIDC_ISSUER;
    if (issuer === undefined) throw new OidcRefusal('AUTH.OIDC_NOT_CONFIGURED', 'OIDC_ISSUER is not set');
    if (this.metadata && Date.now() - this.metadata.at < DISCOVERY_TTL_MILLIS) return { metadata: this.metadata.value, keys: this.metadata.keys };
    const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const { status, body } = await fetchJson(url);
    if (status !== 200) throw unavailable(`${url}: HTTP ${status}`);
    for (const field of ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const) {
      if (typeof body[field] !== 'string' || !/^https?:\/\//.test(body[field])) throw unavailable(`${url}: no ${field}`);
    }
    // Discovery §4.3: the document must name exactly the issuer it was read from.
    if (body.issuer !== issuer) throw unavailable(`${url}: its issuer ${String(body.issuer)} is not OIDC_ISSUER ${issuer}`);
    const value = body as unknown as ProviderMetadata;
    const keys = this.metadata?.value.jwks_uri === value.jwks_uri ? this.metadata.keys : new JwksCache(value.jwks_uri);
    this.metadata = { value, keys, at: Date.now() };
    this.logger.log(`discovered ${issuer}`);
    return { metadata: value, keys };
  }

  /** A new sign-in: its secrets and the provider's authorization URL to send the browser to. */
  async authorizationRequest(): Promise<{ pending: PendingSignIn; url: string }> {
    const { metadata } = await this.provider();
    const pending: PendingSignIn = { state: random(), nonce: random(), codeVerifier: random() };
    const url = new URL(metadata.authorization_endpoint);
    const challenge = createHash('sha256').update(pending.codeVerifier).digest('base64url');
    const parameters = {
      response_type: 'code',
      client_id: this.config.OIDC_CLIENT_ID as string,
      redirect_uri: this.config.OIDC_REDIRECT_URI as string,
      scope: this.config.OIDC_SCOPES,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    };
    for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
    return { pending, url: url.toString() };
  }

  /** Redeems an authorization code: the ID token and access token, which never leave this service. */
  async redeem(code: string, codeVerifier: string): Promise<{ idToken: string; accessToken?: string }> {
    const { metadata } = await this.provider();
    const form = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: this.config.OIDC_REDIRECT_URI as string, code_verifier: codeVerifier });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    const clientId = this.config.OIDC_CLIENT_ID as string;
    const secret = this.config.OIDC_CLIENT_SECRET;
    const methods = metadata.token_endpoint_auth_methods_supported;
    if (secret === undefined) form.set('client_id', clientId);
    else if (methods && !methods.includes('client_secret_basic') && methods.includes('client_secret_post')) {
      form.set('client_id', clientId);
      form.set('client_secret', secret);
    } else {
      // RFC 6749 §2.3.1: both parts form-encoded before base64.
      headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;
    }
    const { status, body } = await fetchJson(metadata.token_endpoint, { method: 'POST', headers, body: form.toString() });
    if (status >= 500) throw unavailable(`token endpoint: HTTP ${status}`);
    if (status !== 200) throw new OidcRefusal('AUTH.OIDC_CODE_REJECTED', `token endpoint: HTTP ${status} ${String(body.error)}`);
    if (typeof body.id_token !== 'string') throw new OidcRefusal('AUTH.OIDC_ID_TOKEN_INVALID', 'the token endpoint returned no id_token');
    return { idToken: body.id_token, ...(typeof body.access_token === 'string' && { accessToken: body.access_token }) };
  }

  /**
   * Where the browser signs out at the provider as well (RP-Initiated Logout 1.0: client_id and
   * post_logout_redirect_uri), or undefined when OIDC_POST_LOGOUT_REDIRECT_URI is unset, the provider offers no
   * end_session_endpoint, or cannot be reached (signing out of this service never waits on the provider).
   */
  async logoutUrl(): Promise<string | undefined> {
    const after = this.config.OIDC_POST_LOGOUT_REDIRECT_URI;
    if (after === undefined) return undefined;
    const endpoint = await this.provider().then(({ metadata }) => metadata.end_session_endpoint, () => undefined);
    if (typeof endpoint !== 'string' || !/^https?:\/\//.test(endpoint)) return undefined;
    const url = new URL(endpoint);
    url.searchParams.set('client_id', this.config.OIDC_CLIENT_ID as string);
    url.searchParams.set('post_logout_redirect_uri', after);
    return url.toString();
  }

  /** The UserInfo claims (for role and organisation claims a provider keeps out of its ID tokens); `sub` must match. */
  async userInfo(accessToken: string, sub: string): Promise<Record<string, unknown>> {
    const { metadata } = await this.provider();
    if (!metadata.userinfo_endpoint) return {};
    const { status, body } = await fetchJson(metadata.userinfo_endpoint, { headers: { authorization: `Bearer ${accessToken}` } });
    if (status !== 200) throw unavailable(`userinfo endpoint: HTTP ${status}`);
    if (body.sub !== sub) throw new OidcRefusal('AUTH.OIDC_ID_TOKEN_INVALID', 'the UserInfo sub is not the ID token sub');
    return body;
  }
}
