import type { NextFunction, Request, Response } from 'express';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { Metrics, UNMATCHED_ROUTE } from './metrics';
import { tracer } from './tracing';

/** The route template a request matched (`/fiscal-years/:fiscalYear/submissions/:code`), never its raw path. */
export function routeOf(request: Request): string {
  const route = (request as { route?: { path?: unknown } }).route;
  return typeof route?.path === 'string' ? `${request.baseUrl ?? ''}${route.path}` : UNMATCHED_ROUTE;
}

/**
 * Times every response by method, route template and status, and counts 429s as rate-limit refusals. Registered
 * first (app.factory.ts), so refusals before routing (413, malformed JSON, the rate limit) are counted too.
 */
export function httpMetrics(metrics: Metrics) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const stopTimer = metrics.httpDuration.startTimer();
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      const route = routeOf(request);
      // A client that hung up before the answer was sent is counted under the status it would have had.
      stopTimer({ method: request.method, route, status_code: String(response.statusCode) });
      if (response.statusCode === 429) metrics.rateLimited.inc({ route });
    };
    response.once('finish', record);
    response.once('close', record);
    next();
  };
}

/**
 * The server span of a request (`GET /fiscal-years/:fiscalYear`), active while the request is handled so that the
 * command and append spans nest under it; joins the caller's trace when it sends a W3C `traceparent`. A Nest
 * middleware (after the body parsers), so that the span's context reaches the handlers.
 */
export function httpSpan(request: Request, response: Response, next: NextFunction): void {
  const parent = propagation.extract(context.active(), request.headers);
  const span = tracer().startSpan(`${request.method}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method } }, parent);
  response.once('close', () => {
    const route = routeOf(request);
    span.updateName(route === UNMATCHED_ROUTE ? request.method : `${request.method} ${route}`);
    span.setAttribute('http.route', route);
    span.setAttribute('http.response.status_code', response.statusCode);
    if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  context.with(trace.setSpan(parent, span), next);
}
