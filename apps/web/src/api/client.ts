import createClient, { type Middleware } from 'openapi-fetch';
import { asOfMiddleware } from '../audit/as-of-mode';
import { japanese } from '../format/format';
import type { paths } from './schema';
import type { ErrorBody } from './types';

/** The API as its OpenAPI document describes it: a changed path or body fails `npm run typecheck` here. */
export const api = createClient<paths>({ baseUrl: window.location.origin });

let bearer: string | undefined;
let onUnauthorized: (() => void) | undefined;

/** Sets the token every request carries (the session's), and what to do when the API says it is no longer valid. */
export function authenticate(token: string | undefined, whenRejected?: () => void): void {
  bearer = token;
  onUnauthorized = whenRejected;
}

/** The token of the signed-in user, for requests made outside the API client (file downloads). */
export function currentBearer(): string | undefined {
  return bearer;
}

const auth: Middleware = {
  onRequest({ request }) {
    if (bearer) request.headers.set('Authorization', `Bearer ${bearer}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401 && bearer) onUnauthorized?.();
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
