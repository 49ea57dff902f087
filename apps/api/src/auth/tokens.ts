import { JwtService } from '@nestjs/jwt';
import { Actor, actorProblem, Role, toActor } from './actor';

export const JWT_ISSUER = 'grants-api';
export const JWT_AUDIENCE = 'grants';
/** Longest token life accepted (development tokens); RELIABILITY.md asks ≤ 15 min for interactive sign-in. */
export const MAX_TOKEN_TTL_SECONDS = 12 * 60 * 60;
export const DEFAULT_TOKEN_TTL_SECONDS = 15 * 60;
/** Clock skew tolerated between the issuer and this service. */
const CLOCK_TOLERANCE_SECONDS = 60;

export type TokenFailure = 'AUTH.TOKEN_EXPIRED' | 'AUTH.TOKEN_INVALID';

export class TokenRejected extends Error {
  constructor(
    readonly code: TokenFailure,
    readonly detail: string,
  ) {
    super(detail);
  }
}

interface Claims {
  sub?: unknown;
  role?: unknown;
  org?: unknown;
  exp?: unknown;
  iat?: unknown;
}

/** Signs an HS256 token for an actor; used by the development CLI and by tests. */
export function issueToken(secret: string, claims: { sub: string; role: Role; org: string }, ttlSeconds = DEFAULT_TOKEN_TTL_SECONDS): string {
  const problem = actorProblem(claims.role, claims.org, claims.sub);
  if (problem) throw new Error(problem);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_TOKEN_TTL_SECONDS) {
    throw new Error(`ttl must be 1–${MAX_TOKEN_TTL_SECONDS} seconds`);
  }
  return new JwtService({ secret }).sign(
    { role: claims.role, org: claims.org },
    { algorithm: 'HS256', subject: claims.sub, issuer: JWT_ISSUER, audience: JWT_AUDIENCE, expiresIn: ttlSeconds },
  );
}

/**
 * Verifies signature (HS256 only: `alg: none` and every other algorithm are refused), issuer, audience, expiry
 * (required, 60 s tolerance), and that the token's life is not longer than the service accepts.
 */
export function verifyToken(secret: string, token: string, nowSeconds = Math.floor(Date.now() / 1000)): Actor {
  let claims: Claims;
  try {
    claims = new JwtService({ secret }).verify<Claims & object>(token, {
      algorithms: ['HS256'],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      clockTimestamp: nowSeconds,
    });
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'TokenExpiredError') throw new TokenRejected('AUTH.TOKEN_EXPIRED', 'the token has expired');
    throw new TokenRejected('AUTH.TOKEN_INVALID', (error as Error).message);
  }
  if (typeof claims.exp !== 'number') throw new TokenRejected('AUTH.TOKEN_INVALID', 'the token has no expiry (exp)');
  const issuedAt = typeof claims.iat === 'number' ? claims.iat : nowSeconds;
  if (claims.exp - issuedAt > MAX_TOKEN_TTL_SECONDS) throw new TokenRejected('AUTH.TOKEN_INVALID', 'the token lives longer than allowed');
  const problem = actorProblem(claims.role, claims.org, claims.sub);
  if (problem) throw new TokenRejected('AUTH.TOKEN_INVALID', problem);
  return toActor(claims.sub as string, claims.role as Role, claims.org as string);
}
