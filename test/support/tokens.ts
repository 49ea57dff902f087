import { createHmac } from 'node:crypto';
import type { Role } from '../../apps/api/src/auth/actor';
import { issueToken, TokenConfig } from '../../apps/api/src/auth/tokens';
import { loadConfig } from '../../apps/api/src/config/app-config';

/** The JWT settings test apps run with (`startTestApp()` without JWT_* overrides): the development defaults. */
export const TEST_TOKEN_CONFIG: TokenConfig = loadConfig({ NODE_ENV: 'test' });

export interface TokenOverrides {
  /** `sub`; default `<role>-<org>`. */
  readonly sub?: string;
  /** Life in seconds; default 900. */
  readonly ttlSeconds?: number;
  /** Issue as if the clock said this (seconds since the epoch), e.g. to make an already expired token. */
  readonly nowSeconds?: number;
  /** Sign for an app started with other JWT_* settings. */
  readonly config?: Partial<TokenConfig>;
}

/** A signed bearer token (without the `Bearer ` prefix) for a test actor, valid for the apps tests start. */
export function tokenFor(role: Role, org: string, overrides: TokenOverrides = {}): string {
  return issueToken(
    { ...TEST_TOKEN_CONFIG, ...overrides.config },
    { sub: overrides.sub ?? `${role}-${org}`, role, org },
    overrides.ttlSeconds,
    overrides.nowSeconds,
  );
}

/** An `Authorization` header value for a test actor: `.set('Authorization', bearer('insurer', '242055'))`. */
export function bearer(role: Role, org: string, sub?: string, ttlSeconds?: number): string {
  return `Bearer ${tokenFor(role, org, { sub, ttlSeconds })}`;
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A hand-made JWT for negative tests, which `issueToken` refuses to make: any header (`alg: none`, HS512, a `kid`)
 * and any payload, HMAC-signed with `secret` (HS256 unless the header says HS384/HS512; unsigned for `alg: none`).
 */
export function craftToken(header: Record<string, unknown>, payload: Record<string, unknown>, secret: string = TEST_TOKEN_CONFIG.JWT_SECRET as string): string {
  const signingInput = `${base64url(header)}.${base64url(payload)}`;
  if (header.alg === 'none') return `${signingInput}.`;
  const hash = header.alg === 'HS512' ? 'sha512' : header.alg === 'HS384' ? 'sha384' : 'sha256';
  return `${signingInput}.${createHmac(hash, secret).update(signingInput).digest('base64url')}`;
}

/** Valid claims for `craftToken`, to spoil one at a time. */
export function validClaims(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: 'admin-1',
    role: 'national-admin',
    org: 'MHLW',
    iss: TEST_TOKEN_CONFIG.JWT_ISSUER,
    aud: TEST_TOKEN_CONFIG.JWT_AUDIENCE,
    iat: now,
    exp: now + 600,
    ...extra,
  };
}
