import type { Role } from '../api/types';

/** The signed-in user: the bearer token and who it names. */
export interface Session {
  readonly token: string;
  readonly expiresAt: string;
  readonly role: Role;
  readonly organisationCode: string;
  readonly actorId: string;
}

/**
 * The session lives in sessionStorage (per tab, gone when the tab closes), never localStorage: a token left on a
 * shared office PC must not outlive the browser tab.
 */
const KEY = 'grants.session';

export function loadSession(): Session | undefined {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return undefined;
    const session = JSON.parse(raw) as Session;
    return Date.parse(session.expiresAt) > Date.now() ? session : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}
