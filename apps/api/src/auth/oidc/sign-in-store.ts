import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { hashOf, newOpaqueId } from '../session/session-store';
import type { PendingSignIn } from './oidc-client';

/** A sign-in must come back from the provider within this long. */
export const SIGN_IN_TTL_SECONDS = 10 * 60;
const OPAQUE_ID = /^[A-Za-z0-9_-]{43}$/;

/**
 * The OpenID Connect sign-ins under way (table oidc_sign_in), keyed by the SHA-256 of an opaque id the browser holds
 * in a short-lived HttpOnly cookie: the callback only completes a sign-in started by the same browser, and only once.
 */
@Injectable()
export class SignInStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Records a sign-in; returns the id for the cookie. Stale ones are swept on the way. */
  async begin(pending: PendingSignIn): Promise<string> {
    await this.dataSource.query('DELETE FROM oidc_sign_in WHERE expires_at < now()');
    const id = newOpaqueId();
    await this.dataSource.query(
      `INSERT INTO oidc_sign_in (id_hash, state, nonce, code_verifier, expires_at) VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))`,
      [hashOf(id), pending.state, pending.nonce, pending.codeVerifier, SIGN_IN_TTL_SECONDS],
    );
    return id;
  }

  /** The sign-in of a cookie's id, removed so it cannot be completed twice; undefined when unknown or expired. */
  async take(id: string | undefined): Promise<PendingSignIn | undefined> {
    if (id === undefined || !OPAQUE_ID.test(id)) return undefined;
    const rows = (await this.dataSource.query(
      'DELETE FROM oidc_sign_in WHERE id_hash = $1 RETURNING state, nonce, code_verifier, expires_at > now() AS live',
      [hashOf(id)],
    )) as [{ state: string; nonce: string; code_verifier: string; live: boolean }[], number];
    const row = rows[0]?.[0];
    return row?.live ? { state: row.state, nonce: row.nonce, codeVerifier: row.code_verifier } : undefined;
  }
}
