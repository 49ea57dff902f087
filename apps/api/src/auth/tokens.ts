import { createSecretKey, KeyObject } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import type { AppConfig } from '../config/app-config';
import { Actor, actorProblem, Role, toActor } from './actor';

/** The settings tokens are issued and verified with: the API's `AppConfig`, or any object with these fields. */
export type TokenConfig = Pick<AppConfig, 'JWT_SECRET' | 'JWT_ISSUER' | 'JWT_AUDIENCE' | 'JWT_MAX_TTL_SECONDS'>;

/** The only algorithm accepted: `alg: none`, HS384/HS512 and every asymmetric algorithm are refused. */
export const TOKEN_ALGORITHM = 'HS256';
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

/** jsonwebtoken's messages → our reasons (its own texts may echo the expected issuer or audience). */
function fromLibraryError(error: unknown): TokenRejected {
  const { name, message } = error as { name?: string; message?: string };
  if (name === 'TokenExpiredError') return new TokenRejected('AUTH.TOKEN_EXPIRED', 'トークンの有効期限が切れています', 'the token has expired');
  if (name === 'NotBeforeError') return invalid('トークンはまだ有効になっていません (nbf)', 'the token is not valid yet (nbf)');
  const text = message ?? '';
  if (/signature is required|invalid algorithm|symmetric key|asymmetric key/.test(text)) {
    return invalid(`署名アルゴリズムが許可されていません（${TOKEN_ALGORITHM} のみ）`, `its algorithm is not allowed (${TOKEN_ALGORITHM} only)`);
  }
  if (/invalid signature/.test(text)) return invalid('署名が一致しません', 'its signature does not match');
  if (/audience invalid/.test(text)) return invalid('対象 (aud) が一致しません', 'its audience (aud) is wrong');
  if (/issuer invalid/.test(text)) return invalid('発行者 (iss) が一致しません', 'its issuer (iss) is wrong');
  if (/subject invalid/.test(text)) return invalid('利用者 (sub) が不正です', 'its subject (sub) is wrong');
  if (/invalid (exp|nbf|iat) value/.test(text)) return invalid('日時の項目 (exp, nbf, iat) が不正です', 'a time claim (exp, nbf, iat) is not a number');
  return invalid('トークンの形式が不正です', 'the token is malformed');
}

/**
 * Signs an HS256 token for an actor with the configured issuer and audience; used by the development CLI and by
 * tests. Throws (English message) on claims that do not describe a valid actor or on a ttl outside 1 … max.
 */
export function issueToken(config: TokenConfig, claims: TokenClaims, ttlSeconds: number = DEFAULT_TOKEN_TTL_SECONDS, nowSeconds?: number): string {
  const problem = actorProblem(claims.role, claims.org, claims.sub);
  if (problem) throw new Error(problem);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > config.JWT_MAX_TTL_SECONDS) {
    throw new Error(`ttl must be a whole number of seconds from 1 to ${config.JWT_MAX_TTL_SECONDS} (JWT_MAX_TTL_SECONDS)`);
  }
  return jwtFor(config.JWT_SECRET).sign(
    { role: claims.role, org: claims.org, ...(nowSeconds !== undefined && { iat: nowSeconds }) },
    {
      algorithm: TOKEN_ALGORITHM,
      subject: claims.sub,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      expiresIn: ttlSeconds,
    },
  );
}

/**
 * One JwtService per secret, holding the secret as a KeyObject: otherwise the JWT library derives a key object from
 * the string on every sign and verify, which was a tenth of the CPU time of a busy API (bench).
 */
const services = new Map<string, JwtService>();
function jwtFor(secret: string): JwtService {
  let service = services.get(secret);
  if (!service) {
    const key: KeyObject = createSecretKey(Buffer.from(secret, 'utf8'));
    service = new JwtService({ secret: key });
    services.set(secret, service);
  }
  return service;
}

interface Payload {
  readonly sub?: unknown;
  readonly role?: unknown;
  readonly org?: unknown;
  readonly exp?: unknown;
  readonly iat?: unknown;
}

/**
 * Verifies a bearer token and returns its actor, or throws `TokenRejected`. Checks (RFC 8725): HS256 only (so
 * `alg: none` and algorithm confusion are refused), the signature, no `kid` (this service has no key set), `iss`,
 * `aud`, `exp` (required), `nbf` and `iat`, each with 60 s of clock tolerance, a life (exp − iat, or exp − now
 * without iat) of at most JWT_MAX_TTL_SECONDS, and claims `sub`, `role`, `org` that describe a valid actor.
 */
export function verifyToken(config: TokenConfig, token: string, nowSeconds: number = Math.floor(Date.now() / 1000)): Actor {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH || token.split('.').length !== 3) {
    throw invalid('トークンの形式が不正です', 'the token is malformed');
  }
  const jwt = jwtFor(config.JWT_SECRET);
  let header: { kid?: unknown } | undefined;
  try {
    header = (jwt.decode<{ header?: { kid?: unknown } } | null>(token, { complete: true }) ?? undefined)?.header;
  } catch {
    header = undefined;
  }
  if (!header) throw invalid('トークンの形式が不正です', 'the token is malformed');
  if (header.kid !== undefined) throw invalid('鍵 ID (kid) が不明です', 'its key id (kid) is unknown');

  let payload: Payload;
  try {
    payload = jwt.verify<Payload & object>(token, {
      algorithms: [TOKEN_ALGORITHM],
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      clockTimestamp: nowSeconds,
    });
  } catch (error) {
    throw fromLibraryError(error);
  }
  if (typeof payload !== 'object' || payload === null) throw invalid('トークンの形式が不正です', 'the token is malformed');
  if (typeof payload.exp !== 'number') throw invalid('有効期限 (exp) がありません', 'it has no expiry (exp)');
  if (payload.iat !== undefined && typeof payload.iat !== 'number') {
    throw invalid('日時の項目 (exp, nbf, iat) が不正です', 'a time claim (exp, nbf, iat) is not a number');
  }
  const issuedAt = typeof payload.iat === 'number' ? payload.iat : nowSeconds;
  if (issuedAt > nowSeconds + CLOCK_TOLERANCE_SECONDS) throw invalid('発行日時 (iat) が未来です', 'it was issued in the future (iat)');
  if (payload.exp - issuedAt > config.JWT_MAX_TTL_SECONDS) {
    throw invalid(
      `有効期間が長すぎます（上限 ${config.JWT_MAX_TTL_SECONDS} 秒）`,
      `it lives longer than the ${config.JWT_MAX_TTL_SECONDS} s allowed (JWT_MAX_TTL_SECONDS)`,
    );
  }
  const problem = actorProblem(payload.role, payload.org, payload.sub);
  if (problem) throw invalid('利用者情報 (sub, role, org) が不正です', problem);
  return toActor(payload.sub as string, payload.role as Role, payload.org as string);
}
