import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Global, Logger, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { stdTimeFunctions } from 'pino';
import { AppConfig } from '../config/app-config';
import { APP_OPTIONS } from '../config/config.module';
import type { AppOptions } from '../config/config.module';
import { AuditLog, logDestination } from './audit-log';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const requestIdLogger = new Logger('RequestId');

/**
 * Express middleware, first of all: an `X-Request-Id` that is not 1–128 characters of `A-Z a-z 0-9 . _ : -` is
 * replaced by a generated id before anything reads it (the request log, the command metadata the chain stores, the
 * importers), and the replacement is logged with the length of what was sent (never its content).
 */
export function boundRequestId(request: IncomingMessage, _response: ServerResponse, next: () => void): void {
  const incoming = request.headers['x-request-id'];
  if (incoming !== undefined && !(typeof incoming === 'string' && REQUEST_ID.test(incoming))) {
    const id = randomUUID();
    const length = Array.isArray(incoming) ? incoming.join(',').length : incoming.length;
    requestIdLogger.warn(`X-Request-Id refused (${length} characters, or not A-Z a-z 0-9 . _ : -): replaced by ${id}`);
    request.headers['x-request-id'] = id;
  }
  next();
}

/** Query parameters whose values are never logged: tokens (refused anyway, AUTH.TOKEN_IN_QUERY) and keys. */
const SECRET_QUERY = /([?&](?:access_token|id_token|token|api_key)=)[^&#]*/gi;

/** The OpenID Connect callback's authorization code and state (single use, but a code is a credential until redeemed). */
const CALLBACK_QUERY = /([?&](?:code|state)=)[^&#]*/gi;
const isCallback = (url: string) => url.startsWith('/auth/oidc/callback');

/** A URL for the log: the values of token-like query parameters (and the OIDC callback's code) replaced by [REDACTED]. */
export function redactUrl(url: string): string {
  const redacted = url.replace(SECRET_QUERY, '$1[REDACTED]');
  return isCallback(url) ? redacted.replace(CALLBACK_QUERY, '$1[REDACTED]') : redacted;
}

/** The request as logged: pino's standard fields, with token-like query values redacted from the URL and the query. */
export function serializeRequest(request: { url?: string; query?: Record<string, unknown> } & Record<string, unknown>): Record<string, unknown> {
  const query = request.query && typeof request.query === 'object' ? { ...request.query } : undefined;
  const secret = typeof request.url === 'string' && isCallback(request.url) ? /^(access_token|id_token|token|api_key|code|state)$/i : /^(access_token|id_token|token|api_key)$/i;
  if (query) for (const name of Object.keys(query)) if (secret.test(name)) query[name] = '[REDACTED]';
  return { ...request, ...(typeof request.url === 'string' && { url: redactUrl(request.url) }), ...(query && { query }) };
}

/** Keeps a caller's X-Request-Id when it is well-formed (so traces join across services), else makes one. */
export function requestId(request: IncomingMessage, response: ServerResponse): string {
  const incoming = request.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  response.setHeader('X-Request-Id', id);
  return id;
}

/** Probes and scrapes: `/health`, `/health/live`, `/health/ready`, `/health/projections` and `/metrics`. */
const PROBE = /^\/(?:health(?:\/(?:live|ready|projections))?|metrics)\/?(?:\?|$)/;

/**
 * The level of a request's log line: error for a 5xx or a failure, warn for a 4xx, info otherwise; `silent` (no line)
 * for a probe or a scrape that passed — orchestrators probe every few seconds and Prometheus scrapes as often, which
 * would bury the requests of people. A failing probe or scrape (503 not ready, 401 without the metrics token) is
 * logged. Both are still timed and counted in the metrics (observability/http.middleware.ts runs before this).
 */
export function requestLogLevel(request: IncomingMessage & { originalUrl?: string }, response: ServerResponse, error?: Error): 'silent' | 'info' | 'warn' | 'error' {
  const status = response.statusCode;
  if (error || status >= 500) return 'error';
  if (status >= 400) return 'warn';
  return PROBE.test(request.originalUrl ?? request.url ?? '') ? 'silent' : 'info';
}

/** Paths pino must never print: credentials travel in these headers. */
export const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'res.headers["set-cookie"]'];

/**
 * JSON logs on stdout, one line per request (id, method, url, status, time) and never a body. Probes of /health and
 * its /live, /ready and /projections, and scrapes of /metrics, are not logged when they pass (requestLogLevel). The
 * audit log (audit-log.ts) writes its own lines to the same stream.
 */
@Global()
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig, APP_OPTIONS],
      useFactory: (config: AppConfig, options: AppOptions) => ({
        pinoHttp: [
          {
            level: config.LOG_LEVEL,
            base: { service: 'grants-api' },
            timestamp: stdTimeFunctions.isoTime,
            genReqId: requestId,
            redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
            // The status is what matters of a response; its headers are the same helmet set every time.
            serializers: {
              req: serializeRequest,
              res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
            },
            customLogLevel: requestLogLevel,
          },
          logDestination(options),
        ],
      }),
    }),
  ],
  providers: [AuditLog],
  exports: [AuditLog],
})
export class LoggingModule {}
