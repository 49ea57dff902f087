import { createHmac, createPublicKey, createSecretKey, KeyObject, timingSafeEqual, verify as verifySignature } from 'node:crypto';
import type { AppConfig } from '../config/app-config';
import { Actor, actorProblem, Role, toActor } from './actor';

/** The settings tokens are issued and verified with: the API's `AppConfig`, or any object with these fields. */
export type TokenConfig = Pick<AppConfig, 'JWT_SECRET' | 'JWT_ISSUER' | 'JWT_AUDIENCE' | 'JWT_MAX_TTL_SECONDS'> &
  Partial<Pick<AppConfig, 'JWT_PUBLIC_KEY' | 'JWT_JWKS_URL'>>;

/** The algorithm of the shared secret (development tokens, the CLI's). */
export const TOKEN_ALGORITHM = 'HS256';
/** Algorithms of an identity provider's keys (JWT_PUBLIC_KEY, JWT_JWKS_URL). Nothing else is ever accepted. */
export const ASYMMETRIC_ALGORITHMS = ['RS256', 'EdDSA'] as const;
/** Life of a token from the CLI and the test helpers unless told otherwise (RELIABILITY.md §3: ≤ 15 min). */
export const DEFAULT_TOKEN_TTL_SECONDS = 15 * 60;
/** Clock skew tolerated between the issuer and this service, for exp, nbf and iat. */
export const CLOCK_TOLERANCE_SECONDS = 60;
/** Longer bearer values are refused before any parsing. */
const MAX_TOKEN_LENGTH = 8192;

/** What a token asserts about its holder. */
export interface TokenClaims {
  /** The actor's id (`sub`). */
  readonly sub: string;
  readonly role: Role;
  /** The organisation code (`org`): MHLW, a prefecture code, or an insurer's 地方公共団体コード. */
  readonly org: string;
}

export type TokenFailure = 'AUTH.TOKEN_EXPIRED' | 'AUTH.TOKEN_INVALID';

/** Why a bearer token was refused; `ja` and `en` say it to people, `code` to programs. */
export class TokenRejected extends Error {
  constructor(
    readonly code: TokenFailure,
    readonly ja: string,
    readonly en: string,
  ) {
    super(en);
    this.name = 'TokenRejected';
  }
}

const invalid = (ja: string, en: string) => new TokenRejected('AUTH.TOKEN_INVALID', ja, en);
const malformed = () => invalid('トークンの形式が不正です', 'the token is malformed');

/** Keys of an identity provider by `kid` (the JWKS cache, jwks.ts), looked up without I/O. */
export interface KeySet {
  key(kid: string): KeyObject | undefined;
}

/** One KeyObject per secret or PEM text: deriving a key on every request was a tenth of a busy API's CPU (bench). */
const secretKeys = new Map<string, KeyObject>();
const publicKeys = new Map<string, KeyObject>();
function secretKey(secret: string): KeyObject {
  let key = secretKeys.get(secret);
  if (!key) secretKeys.set(secret, (key = createSecretKey(Buffer.from(secret, 'utf8'))));
  return key;
}
function pemKey(pem: string): KeyObject {
  let key = publicKeys.get(pem);
  if (!key) publicKeys.set(pem, (key = createPublicKey(pem)));
  return key;
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const hmac = (key: KeyObject, input: string) => createHmac('sha256', key).update(input).digest();

/**
 * Signs an HS256 token for an actor with the configured secret, issuer and audience; used by the development CLI and
 * by tests. Throws (English message) on claims that do not describe a valid actor, on a ttl outside 1 … max, or
 * when no JWT_SECRET is configured (tokens then come from the identity provider).
 */
export function issueToken(config: TokenConfig, claims: TokenClaims, ttlSeconds: number = DEFAULT_TOKEN_TTL_SECONDS, nowSeconds?: number): string {
  const problem = actorProblem(claims.role, claims.org, claims.sub);
  if (problem) throw new Error(problem);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > config.JWT_MAX_TTL_SECONDS) {
    throw new Error(`ttl must be a whole number of seconds from 1 to ${config.JWT_MAX_TTL_SECONDS} (JWT_MAX_TTL_SECONDS)`);
  }
  if (config.JWT_SECRET === undefined) throw new Error('JWT_SECRET is not set: tokens come from the identity provider (JWT_PUBLIC_KEY / JWT_JWKS_URL)');
  const iat = nowSeconds ?? Math.floor(Date.now() / 1000);
  const payload = { role: claims.role, org: claims.org, iat, exp: iat + ttlSeconds, aud: config.JWT_AUDIENCE, iss: config.JWT_ISSUER, sub: claims.sub };
  const input = `${base64url({ alg: TOKEN_ALGORITHM, typ: 'JWT' })}.${base64url(payload)}`;
  return `${input}.${hmac(secretKey(config.JWT_SECRET), input).toString('base64url')}`;
}

interface Header {
  readonly alg?: unknown;
  readonly kid?: unknown;
  readonly crit?: unknown;
}

interface Payload {
  readonly sub?: unknown;
  readonly role?: unknown;
  readonly org?: unknown;
  readonly iss?: unknown;
  readonly aud?: unknown;
  readonly exp?: unknown;
  readonly nbf?: unknown;
  readonly iat?: unknown;
}

function parsePart<T>(part: string): T | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as T) : undefined;
  } catch {
    return undefined;
  }
}

/** The algorithms this configuration accepts: HS256 with a secret, RS256 and EdDSA with a public key or JWKS. */
export function acceptedAlgorithms(config: TokenConfig): string[] {
  return [
    ...(config.JWT_SECRET !== undefined ? [TOKEN_ALGORITHM] : []),
    ...(config.JWT_PUBLIC_KEY !== undefined || config.JWT_JWKS_URL !== undefined ? ASYMMETRIC_ALGORITHMS : []),
  ];
}

/** The key that must have signed a token with this header, or a refusal (RFC 8725 §3.1: the algorithm fits the key). */
function keyFor(config: TokenConfig, header: Header, keySet: KeySet | undefined): KeyObject {
  const accepted = acceptedAlgorithms(config);
  if (typeof header.alg !== 'string' || !accepted.includes(header.alg)) {
    throw invalid(`署名アルゴリズムが許可されていません（${accepted.join('、')} のみ）`, `its algorithm is not allowed (${accepted.join(', ')} only)`);
  }
  if (header.kid !== undefined && typeof header.kid !== 'string') throw invalid('鍵 ID (kid) が不明です', 'its key id (kid) is unknown');
  if (header.alg === TOKEN_ALGORITHM) {
    // The shared secret has no key set: a kid would only be a hint for a key this service does not have.
    if (header.kid !== undefined) throw invalid('鍵 ID (kid) が不明です', 'its key id (kid) is unknown');
    return secretKey(config.JWT_SECRET as string);
  }
  const key =
    (header.kid !== undefined ? keySet?.key(header.kid) : undefined) ?? (config.JWT_PUBLIC_KEY !== undefined ? pemKey(config.JWT_PUBLIC_KEY) : undefined);
  if (!key) {
    throw header.kid === undefined ? invalid('鍵 ID (kid) がありません', 'it names no key id (kid)') : invalid('鍵 ID (kid) が不明です', 'its key id (kid) is unknown');
  }
  const fits = header.alg === 'EdDSA' ? key.asymmetricKeyType === 'ed25519' : key.asymmetricKeyType === 'rsa';
  if (!fits) throw invalid('署名アルゴリズムが鍵と一致しません', `its algorithm ${header.alg} does not fit the key`);
  return key;
}

function signatureMatches(alg: string, key: KeyObject, input: string, signature: Buffer): boolean {
  if (alg === TOKEN_ALGORITHM) {
    const expected = hmac(key, input);
    return signature.length === expected.length && timingSafeEqual(signature, expected);
  }
  return verifySignature(alg === 'EdDSA' ? null : 'sha256', Buffer.from(input), key, signature);
}

const audienceMatches = (aud: unknown, expected: string) => aud === expected || (Array.isArray(aud) && aud.includes(expected));

/** The header of a token, for the JWKS lookup before verification (undefined when it is not a JWT's). */
export function tokenHeader(token: string): Header | undefined {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return undefined;
  const parts = token.split('.');
  return parts.length === 3 ? parsePart<Header>(parts[0]) : undefined;
}

/**
 * Verifies a bearer token and returns its actor, or throws `TokenRejected`. Checks (RFC 8725): the algorithm is one
 * the configuration has a key for (HS256 with JWT_SECRET; RS256 or EdDSA with JWT_PUBLIC_KEY or a JWKS key chosen by
 * `kid`) and fits that key, so `alg: none` and algorithm confusion are refused; no `crit` header (no extension is
 * understood); no `kid` on HS256; the signature; `iss`, `aud`, `exp` (required), `nbf` and `iat`, each with 60 s of
 * clock tolerance; a life (exp − iat, or exp − now without iat) of at most JWT_MAX_TTL_SECONDS; and claims `sub`,
 * `role`, `org` that describe a valid actor.
 */
export function verifyToken(config: TokenConfig, token: string, nowSeconds: number = Math.floor(Date.now() / 1000), keySet?: KeySet): Actor {
  const header = tokenHeader(token);
  if (!header) throw malformed();
  if (header.crit !== undefined) {
    throw invalid('対応していない拡張ヘッダー (crit) があります', 'it has a crit header, and this service understands no extension');
  }
  const key = keyFor(config, header, keySet);
  const [encodedHeader, encodedPayload, encodedSignature] = token.split('.');
  if (!signatureMatches(header.alg as string, key, `${encodedHeader}.${encodedPayload}`, Buffer.from(encodedSignature, 'base64url'))) {
    throw invalid('署名が一致しません', 'its signature does not match');
  }
  const payload = parsePart<Payload>(encodedPayload);
  if (!payload) throw malformed();
  for (const claim of ['exp', 'nbf', 'iat'] as const) {
    if (payload[claim] !== undefined && typeof payload[claim] !== 'number') {
      throw invalid('日時の項目 (exp, nbf, iat) が不正です', 'a time claim (exp, nbf, iat) is not a number');
    }
  }
  const { exp, nbf, iat } = payload as { exp?: number; nbf?: number; iat?: number };
  if (nbf !== undefined && nbf > nowSeconds + CLOCK_TOLERANCE_SECONDS) throw invalid('トークンはまだ有効になっていません (nbf)', 'the token is not valid yet (nbf)');
  if (exp !== undefined && nowSeconds >= exp + CLOCK_TOLERANCE_SECONDS) {
    throw new TokenRejected('AUTH.TOKEN_EXPIRED', 'トークンの有効期限が切れています', 'the token has expired');
  }
  if (!audienceMatches(payload.aud, config.JWT_AUDIENCE)) throw invalid('対象 (aud) が一致しません', 'its audience (aud) is wrong');
  if (payload.iss !== config.JWT_ISSUER) throw invalid('発行者 (iss) が一致しません', 'its issuer (iss) is wrong');
  if (exp === undefined) throw invalid('有効期限 (exp) がありません', 'it has no expiry (exp)');
  const issuedAt = iat ?? nowSeconds;
  if (issuedAt > nowSeconds + CLOCK_TOLERANCE_SECONDS) throw invalid('発行日時 (iat) が未来です', 'it was issued in the future (iat)');
  if (exp - issuedAt > config.JWT_MAX_TTL_SECONDS) {
    throw invalid(
      `有効期間が長すぎます（上限 ${config.JWT_MAX_TTL_SECONDS} 秒）`,
      `it lives longer than the ${config.JWT_MAX_TTL_SECONDS} s allowed (JWT_MAX_TTL_SECONDS)`,
    );
  }
  const problem = actorProblem(payload.role, payload.org, payload.sub);
  if (problem) throw invalid('利用者情報 (sub, role, org) が不正です', problem);
  return toActor(payload.sub as string, payload.role as Role, payload.org as string, payload.iss as string);
}
