import { answer, api, sessionHeaders } from '../api/client';
import type { components } from '../api/schema';
import type { Role } from '../api/types';
import { setAsOfMode } from '../audit/as-of-mode';

/** The signed-in user as the API's session says (GET /auth/session); the browser never holds a token. */
export interface Session {
  readonly role: Role;
  readonly organisationCode: string;
  readonly actorId: string;
  /** When the session ends unless used again (ISO 8601). */
  readonly expiresAt: string;
  /** Sent back in X-CSRF-Token on every change. */
  readonly csrfToken: string;
}

export type SignInMethods = components['schemas']['SignInMethodsDto'];
type SessionAnswer = components['schemas']['SessionDto'];

export function sessionOf(body: SessionAnswer): Session | undefined {
  if (!body.signedIn || !body.actor || !body.csrfToken || !body.expiresAt) return undefined;
  const { actorId, role, organisationCode } = body.actor;
  return { actorId, role, organisationCode, expiresAt: body.expiresAt, csrfToken: body.csrfToken };
}

/** Who the session cookie signs in, if anyone, and how people may sign in here. */
export async function fetchSession(): Promise<{ session: Session | undefined; methods: SignInMethods }> {
  const body = await answer<SessionAnswer>(api.GET('/auth/session'));
  return { session: sessionOf(body), methods: body.signIn };
}

/** Development sign-in: a session for a role and organisation (POST /auth/dev-session, development and test only). */
export async function startDevelopmentSession(role: Role, org: string, sub?: string): Promise<Session | undefined> {
  return sessionOf(await answer<SessionAnswer>(api.POST('/auth/dev-session', { body: { role, org, ...(sub && { sub }) } })));
}

/**
 * Ends the session on the server (its cookie is deleted by the answer); returns where the browser goes next: the
 * sign-in page, or the identity provider's own sign-out, which sends it back to the sign-in page.
 */
export async function endSession(): Promise<string> {
  const response = await fetch('/auth/logout', { method: 'POST', credentials: 'same-origin', headers: sessionHeaders('POST') });
  // The next person to sign in on this tab starts from the present.
  setAsOfMode(undefined);
  const body = (await response.json().catch(() => undefined)) as components['schemas']['LogoutDto'] | undefined;
  return response.ok && body?.redirectTo ? body.redirectTo : '/app/sign-in';
}
