import type { Middleware } from 'openapi-fetch';
import { useSyncExternalStore } from 'react';

/**
 * 時点指定の表示: every page read "as the records stood" at a chosen moment. While a moment is chosen, every GET of
 * the API client carries `?asOf=` (the API answers each read as of that point and says so in `X-As-Of`); writes are
 * never sent as of the past. Kept for the browser tab (sessionStorage), like the session.
 */
const KEY = 'grants.asOf';
let current: string | undefined = sessionStorage.getItem(KEY) ?? undefined;
const listeners = new Set<() => void>();

/** `asOf`: an event position (digits) or an ISO 8601 time with its offset; undefined returns to now. */
export function setAsOfMode(asOf: string | undefined): void {
  current = asOf || undefined;
  if (current) sessionStorage.setItem(KEY, current);
  else sessionStorage.removeItem(KEY);
  for (const listener of listeners) listener();
}

export function useAsOfMode(): string | undefined {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}

/** A request made with these headers reads the present even while a moment is chosen (the header is not sent). */
export const PRESENT_HEADERS = { 'X-Read-Present': '1' } as const;

/** The stable code of a change refused in the browser while a past moment is shown. */
const AS_OF_MODE_CODE = 'WEB.AS_OF_MODE';

/**
 * The refusal of a change (any method but GET, HEAD and OPTIONS) to `path` while a moment is chosen, as the API's error
 * body; undefined when it may go (no moment chosen, or signing in and out under /auth/).
 */
export function asOfRefusal(method: string, path: string): { statusCode: number; code: string; message: string } | undefined {
  if (!current || ['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase()) || new URL(path, window.location.origin).pathname.startsWith('/auth/')) return undefined;
  return {
    statusCode: 409,
    code: AS_OF_MODE_CODE,
    message:
      '過去の時点を表示しているため、保存・提出などの操作はできません。画面上部の「現在の表示に戻す」を押してから操作してください。 Changes are disabled while a past moment is shown: return to the present first.',
  };
}

/**
 * Adds `asOf` to the API client's GETs while a moment is chosen; a request that names its own `asOf` keeps it, one
 * with PRESENT_HEADERS reads the present. A change is answered here with asOfRefusal and never sent.
 */
export const asOfMiddleware: Middleware = {
  onRequest({ request }) {
    if (request.headers.has('X-Read-Present')) {
      request.headers.delete('X-Read-Present');
      return request;
    }
    const refusal = asOfRefusal(request.method, request.url);
    if (refusal) return new Response(JSON.stringify(refusal), { status: refusal.statusCode, headers: { 'Content-Type': 'application/json' } });
    if (!current || request.method !== 'GET') return request;
    const url = new URL(request.url);
    if (url.searchParams.has('asOf')) return request;
    url.searchParams.set('asOf', current);
    return new Request(url, request);
  },
};
