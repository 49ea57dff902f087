import { createPublicKey, KeyObject } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { publicKeyProblem } from '../config/app-config';
import type { KeySet } from './tokens';

/** Keys are fetched again after this long, so a provider's rotation is picked up. */
export const JWKS_TTL_MILLIS = 10 * 60_000;
/** An unknown `kid` fetches again at most this often, so forged kids cannot make this service hammer the provider. */
export const JWKS_REFETCH_MILLIS = 30_000;
const FETCH_TIMEOUT_MILLIS = 5_000;
const MAX_JWKS_BYTES = 256 * 1024;
const MAX_KEYS = 50;

interface Jwk {
  readonly kid?: unknown;
  readonly kty?: unknown;
  readonly use?: unknown;
  readonly alg?: unknown;
}

/** The usable signing keys of a JWKS document by kid: RSA ≥ 2048 (RS256) and Ed25519 (EdDSA); others are skipped. */
export function keysOf(document: unknown): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  const list = (document as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(list)) throw new Error('not a JWKS document (no "keys" array)');
  for (const jwk of list.slice(0, MAX_KEYS) as Jwk[]) {
    if (typeof jwk !== 'object' || jwk === null || typeof jwk.kid !== 'string' || (jwk.use !== undefined && jwk.use !== 'sig')) continue;
    if (jwk.alg !== undefined && jwk.alg !== 'RS256' && jwk.alg !== 'EdDSA') continue;
    try {
      const key = createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' });
      if (!publicKeyProblem(key)) keys.set(jwk.kid, key);
    } catch {
      // A key this service cannot use (private parts, unknown curve) is skipped, never fatal.
    }
  }
  return keys;
}

/**
 * The identity provider's JWKS (JWT_JWKS_URL), fetched when first needed, again after JWKS_TTL_MILLIS, and on an
 * unknown kid at most every JWKS_REFETCH_MILLIS. Lookups (`key`) never do I/O; `prepare(kid)` does, before them.
 * A failed fetch keeps the keys already known and is logged.
 */
export class JwksCache implements KeySet {
  private keys = new Map<string, KeyObject>();
  private fetchedAt = -Infinity;
  private inFlight: Promise<void> | undefined;
  private readonly logger = new Logger('Jwks');

  constructor(
    private readonly url: string,
    private readonly now: () => number = Date.now,
  ) {}

  key(kid: string): KeyObject | undefined {
    return this.keys.get(kid);
  }

  /** Makes sure the keys are fresh enough to judge a token naming `kid`. */
  async prepare(kid: string): Promise<void> {
    const age = this.now() - this.fetchedAt;
    if (age < JWKS_TTL_MILLIS && (this.keys.has(kid) || age < JWKS_REFETCH_MILLIS)) return;
    this.inFlight ??= this.refresh().finally(() => (this.inFlight = undefined));
    await this.inFlight;
  }

  private async refresh(): Promise<void> {
    this.fetchedAt = this.now();
    try {
      const response = await fetch(this.url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MILLIS), redirect: 'error', headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const text = await response.text();
      if (text.length > MAX_JWKS_BYTES) throw new Error('the JWKS document is too large');
      this.keys = keysOf(JSON.parse(text));
      this.logger.log(`fetched ${this.keys.size} signing key(s) from ${this.url}`);
    } catch (error) {
      this.logger.warn(`could not fetch the JWKS from ${this.url}: ${(error as Error).message}; keeping ${this.keys.size} known key(s)`);
    }
  }
}
