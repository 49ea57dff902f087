import type { AppConfig } from '../../config/app-config';

/** The names of the web app's cookies: `__Host-` (Secure, Path=/, no Domain) whenever they are Secure. */
export function cookieNames(config: Pick<AppConfig, 'secureCookies'>): { session: string; signIn: string } {
  const prefix = config.secureCookies ? '__Host-' : '';
  return { session: `${prefix}grants-session`, signIn: `${prefix}grants-oidc` };
}

/** One cookie of a request's Cookie header (the first of that name), or undefined. */
export function readCookie(header: string | string[] | undefined, name: string): string | undefined {
  const text = Array.isArray(header) ? header.join('; ') : header;
  if (!text) return undefined;
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * A Set-Cookie value: HttpOnly (no script reads it), SameSite=Lax (sent on the provider's redirect back and on
 * links, never on another site's POST), Path=/, Secure with `__Host-` names; Max-Age 0 deletes it.
 */
export function setCookie(config: Pick<AppConfig, 'secureCookies'>, name: string, value: string, maxAgeSeconds: number): string {
  return `${name}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}${config.secureCookies ? '; Secure' : ''}`;
}

interface CookieResponse {
  getHeader(name: string): number | string | string[] | undefined;
  setHeader(name: string, value: string | string[]): unknown;
}

/** Adds a Set-Cookie header to a response, keeping the ones already set. */
export function appendCookie(response: CookieResponse, cookie: string): void {
  const existing = response.getHeader('Set-Cookie');
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
  response.setHeader('Set-Cookie', [...list, cookie]);
}
