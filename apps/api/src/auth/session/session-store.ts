import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { Actor, isRole, organisationProblem, toActor } from '../actor';

/** A signed-in browser as the service keeps it; the browser holds only the opaque id, in an HttpOnly cookie. */
export interface WebSession {
  readonly actor: Actor;
  /** Sent back by the web app in X-CSRF-Token on every change (double check against cross-site requests). */
  readonly csrfToken: string;
  /** When the session ends at the latest: the idle limit from now, capped by the absolute limit. */
  readonly expiresAt: Date;
}

interface SessionRow {
  actor_id: string;
  role: string;
  organisation_code: string;
  issuer: string;
  csrf_token: string;
  last_seen_at: Date;
  expires_at: Date;
}

/** A session's last_seen_at is written at most this often, not on every request. */
const TOUCH_AFTER_MILLIS = 60_000;
/** Longest cookie value read: 32 random bytes in base64url are 43 characters. */
const OPAQUE_ID = /^[A-Za-z0-9_-]{43}$/;

export const newOpaqueId = (): string => randomBytes(32).toString('base64url');
export const hashOf = (id: string): string => createHash('sha256').update(id).digest('hex');

/** Timing-safe comparison of two strings (CSRF tokens, OIDC state). */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Web sessions in PostgreSQL (table web_session): they survive a restart and are shared by every instance of the
 * service behind a load balancer, which an in-memory store would not be. The row is keyed by the SHA-256 of the
 * cookie's id, so reading the table signs nobody in. A session ends after SESSION_IDLE_SECONDS without a request or
 * SESSION_MAX_SECONDS after sign-in, and at sign-out (the row is deleted).
 */
@Injectable()
export class SessionStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Starts a session for an actor; returns the opaque id for the cookie. Expired rows are swept on the way. */
  async create(actor: Actor, issuer: string): Promise<{ id: string; session: WebSession }> {
    await this.dataSource.query(`DELETE FROM web_session WHERE expires_at < now() OR last_seen_at < now() - make_interval(secs => $1)`, [this.config.SESSION_IDLE_SECONDS]);
    const id = newOpaqueId();
    const csrfToken = newOpaqueId();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.config.SESSION_MAX_SECONDS * 1000);
    await this.dataSource.query(
      `INSERT INTO web_session (id_hash, actor_id, role, organisation_code, issuer, csrf_token, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)`,
      [hashOf(id), actor.actorId, actor.role, actor.organisationCode, issuer, csrfToken, now, expiresAt],
    );
    return { id, session: { actor: { ...actor, issuer }, csrfToken, expiresAt: this.idleEnd(now, expiresAt) } };
  }

  /** The live session of a cookie's id, or undefined (unknown, idle too long, past its end, or malformed). */
  async find(id: string | undefined): Promise<WebSession | undefined> {
    if (id === undefined || !OPAQUE_ID.test(id)) return undefined;
    const rows = (await this.dataSource.query(
      `SELECT actor_id, role, organisation_code, issuer, csrf_token, last_seen_at, expires_at FROM web_session WHERE id_hash = $1`,
      [hashOf(id)],
    )) as SessionRow[];
    const row = rows[0];
    if (!row) return undefined;
    const now = new Date();
    const lastSeen = new Date(row.last_seen_at);
    const expiresAt = new Date(row.expires_at);
    if (now >= expiresAt || now.getTime() - lastSeen.getTime() >= this.config.SESSION_IDLE_SECONDS * 1000) return undefined;
    if (!isRole(row.role) || organisationProblem(row.role, row.organisation_code)) return undefined;
    if (now.getTime() - lastSeen.getTime() >= TOUCH_AFTER_MILLIS) {
      await this.dataSource.query('UPDATE web_session SET last_seen_at = $2 WHERE id_hash = $1', [hashOf(id), now]);
    }
    return {
      actor: toActor(row.actor_id, row.role, row.organisation_code, row.issuer),
      csrfToken: row.csrf_token,
      expiresAt: this.idleEnd(now, expiresAt),
    };
  }

  /** Ends a session (sign-out); unknown ids are ignored. */
  async end(id: string | undefined): Promise<void> {
    if (id === undefined || !OPAQUE_ID.test(id)) return;
    await this.dataSource.query('DELETE FROM web_session WHERE id_hash = $1', [hashOf(id)]);
  }

  private idleEnd(now: Date, expiresAt: Date): Date {
    return new Date(Math.min(expiresAt.getTime(), now.getTime() + this.config.SESSION_IDLE_SECONDS * 1000));
  }
}
