import createClient, { type Middleware } from 'openapi-fetch';
import { asOfMiddleware } from '../audit/as-of-mode';
import { japanese } from '../format/format';
import type { paths } from './schema';
import type { ErrorBody } from './types';

/** The API as its OpenAPI document describes it: a changed path or body fails `npm run typecheck` here. */
export const api = createClient<paths>({ baseUrl: window.location.origin });

/** The header every change carries: the session's CSRF token (the API refuses cookie-authenticated changes without it). */
export const CSRF_HEADER = 'X-CSRF-Token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

let csrfToken: string | undefined;
let onUnauthorized: (() => void) | undefined;

/**
 * The browser signs in by the API's HttpOnly session cookie, which no script can read and which the browser sends by
 * itself; no token is ever held here. Sets the session's CSRF token that changes carry, and what to do when the API
 * says the session has ended.
 */
export function authenticate(csrf: string | undefined, whenRejected?: () => void): void {
  csrfToken = csrf;
  onUnauthorized = whenRejected;
}

/** The headers a request outside the API client (a file download, sign-out) needs. */
export function sessionHeaders(method = 'GET'): Record<string, string> {
  return csrfToken && !SAFE_METHODS.has(method.toUpperCase()) ? { [CSRF_HEADER]: csrfToken } : {};
}

const auth: Middleware = {
  onRequest({ request }) {
    for (const [name, value] of Object.entries(sessionHeaders(request.method))) request.headers.set(name, value);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401 && csrfToken) onUnauthorized?.();
    return response;
  },
};
api.use(auth);
api.use(asOfMiddleware);

/** A refusal of the API, with its stable code and the Japanese message people read. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody | undefined,
  ) {
    super(body ? japanese(body.message) : `サーバーに接続できませんでした（${status}）。`);
    this.name = 'ApiError';
  }

  get code(): string | undefined {
    return this.body?.code;
  }
}

/**
 * The body of a successful answer as `T` (most answers are not described in the OpenAPI document yet: api/types.ts
 * writes them out), or an ApiError.
 */
export async function answer<T>(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, error as ErrorBody | undefined);
  return data as T;
}
