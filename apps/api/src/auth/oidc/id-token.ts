import { verify as verifySignature } from 'node:crypto';
import { CLOCK_TOLERANCE_SECONDS, tokenHeader, type KeySet } from '../tokens';
import { OidcRefusal } from './oidc-refusal';

/** ID tokens older than this (iat) are refused even when their exp says otherwise. */
const MAX_ID_TOKEN_AGE_SECONDS = 10 * 60;

export interface IdTokenExpectations {
  /** The provider's issuer, exactly as its discovery document says. */
  readonly issuer: string;
  readonly clientId: string;
  /** The nonce this sign-in sent in the authorization request. */
  readonly nonce: string;
  readonly nowSeconds?: number;
}

function payloadOf(token: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const invalid = (detail: string) => new OidcRefusal('AUTH.OIDC_ID_TOKEN_INVALID', detail);

/**
 * Validates an ID token (OpenID Connect Core §3.1.3.7) and returns its claims: signed (RS256 or EdDSA, the algorithm
 * fitting a key of the provider's JWKS chosen by `kid`; nothing else, so `alg: none` and HS256 are refused), `iss` the
 * provider's, `aud` containing the client id (and `azp` the client when there are several audiences), `exp` in the
 * future and `iat` not in the future nor older than 10 min (60 s of clock tolerance), `nonce` this sign-in's, `sub` present.
 */
export function verifyIdToken(token: string, keys: KeySet, expected: IdTokenExpectations): Record<string, unknown> {
  const now = expected.nowSeconds ?? Math.floor(Date.now() / 1000);
  const header = tokenHeader(token);
  if (!header || header.crit !== undefined) throw invalid('the ID token is malformed or has a crit header');
  if (header.alg !== 'RS256' && header.alg !== 'EdDSA') throw invalid(`the ID token algorithm ${String(header.alg)} is not RS256 or EdDSA`);
  if (typeof header.kid !== 'string') throw invalid('the ID token names no key id (kid)');
  const key = keys.key(header.kid);
  if (!key) throw invalid(`the ID token key id ${header.kid} is not in the provider's JWKS`);
  const fits = header.alg === 'EdDSA' ? key.asymmetricKeyType === 'ed25519' : key.asymmetricKeyType === 'rsa';
  if (!fits) throw invalid(`the ID token algorithm ${header.alg} does not fit its key`);
  const [encodedHeader, encodedPayload, signature] = token.split('.');
  const signed = Buffer.from(`${encodedHeader}.${encodedPayload}`);
  if (!verifySignature(header.alg === 'EdDSA' ? null : 'sha256', signed, key, Buffer.from(signature, 'base64url'))) {
    throw invalid('the ID token signature does not match');
  }
  const claims = payloadOf(token);
  if (!claims) throw invalid('the ID token payload is malformed');
  const { exp, iat, aud, azp } = claims;
  if (typeof exp !== 'number' || typeof iat !== 'number') throw invalid('the ID token has no numeric exp and iat');
  if (now >= exp + CLOCK_TOLERANCE_SECONDS) throw new OidcRefusal('AUTH.OIDC_ID_TOKEN_EXPIRED', `the ID token expired at ${exp} (now ${now})`);
  if (iat > now + CLOCK_TOLERANCE_SECONDS || now - iat > MAX_ID_TOKEN_AGE_SECONDS + CLOCK_TOLERANCE_SECONDS) {
    throw new OidcRefusal('AUTH.OIDC_ID_TOKEN_EXPIRED', `the ID token was issued at ${iat}, too far from now (${now})`);
  }
  if (claims.iss !== expected.issuer) throw invalid(`the ID token issuer ${String(claims.iss)} is not ${expected.issuer}`);
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(expected.clientId)) throw invalid(`the ID token audience ${JSON.stringify(aud)} does not include ${expected.clientId}`);
  if ((audiences.length > 1 || azp !== undefined) && azp !== expected.clientId) throw invalid(`the ID token azp ${String(azp)} is not ${expected.clientId}`);
  if (typeof claims.nonce !== 'string' || claims.nonce !== expected.nonce) throw new OidcRefusal('AUTH.OIDC_NONCE_MISMATCH', 'the ID token nonce is not this sign-in\'s');
  if (typeof claims.sub !== 'string' || claims.sub === '') throw invalid('the ID token has no sub');
  return claims;
}
