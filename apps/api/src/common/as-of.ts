import { AsyncLocalStorage } from 'node:async_hooks';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { DomainError, missingOffsetMessage, parsePointInLog, PointInLog, pointInLogProblem } from '@grants/domain';
import type { Request, Response } from 'express';
import { Observable } from 'rxjs';

/** A point in the log: a global position, or a time (events recorded at or before it). */
export type AsOf = PointInLog;

/**
 * `?asOf=1234` (a global position) or `?asOf=2024-12-01T09:00:00Z` (a time with its UTC offset); 400 naming `asOf`
 * otherwise, saying to add an offset (Z or +09:00) when only that is missing.
 */
export function parseAsOf(value: unknown): AsOf | undefined {
  if (value === undefined) return undefined;
  const point = typeof value === 'string' ? parsePointInLog(value) : undefined;
  if (point) return point;
  if (typeof value === 'string' && pointInLogProblem(value) === 'offset') {
    const message = missingOffsetMessage('asOf');
    throw new DomainError('invalid', 'VALIDATION.INVALID_QUERY', message.ja, message.en, 'asOf');
  }
  throw new DomainError(
    'invalid',
    'VALIDATION.INVALID_QUERY',
    'asOf にはイベントの位置（整数）か、時差付きの ISO 8601 の日時（例: 2025-04-01T00:00+09:00）を指定してください。',
    'asOf is a global event position (an integer) or an ISO 8601 time with a UTC offset (e.g. 2025-04-01T00:00+09:00).',
    'asOf',
  );
}

const storage = new AsyncLocalStorage<AsOf>();

/** The point in time the current read request asked for with `?asOf=`, if any. */
export function currentAsOf(): AsOf | undefined {
  return storage.getStore();
}

/**
 * Every read answers "as it stood then" when asked: a GET with `?asOf=<position|ISO time>` runs its handler with that
 * point in the request's async context, and every stream fold (StreamCommands.load) and read model honours it. The
 * response says which point it answers for (`X-As-Of`). Writes never run as of the past.
 */
@Injectable()
export class AsOfInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    if (request.method !== 'GET' && request.method !== 'HEAD') return next.handle();
    const asOf = parseAsOf(request.query.asOf);
    if (!asOf) return next.handle();
    context.switchToHttp().getResponse<Response>().setHeader('X-As-Of', asOf.position !== undefined ? asOf.position.toString() : asOf.at!.toISOString());
    return new Observable((subscriber) => storage.run(asOf, () => next.handle().subscribe(subscriber)));
  }
}
