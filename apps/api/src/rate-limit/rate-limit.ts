import type { IncomingMessage, ServerResponse } from 'node:http';
import { ExecutionContext, HttpException, HttpStatus, Injectable, Module } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerModule, ThrottlerRequest, ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerLimitDetail } from '@nestjs/throttler';
import type { AuthenticatedRequest } from '../auth/auth.decorators';
import { AppConfig } from '../config/app-config';
import type { AuditLog } from '../logging/audit-log';
import { auditPreRoutingRefusal } from '../logging/pre-routing-audit';

const MINUTE = 60_000;
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

interface HttpRequest extends AuthenticatedRequest {
  method: string;
  ip?: string;
  headers: Record<string, string | string[] | undefined>;
}

const isUpload = (request: HttpRequest) => /^(text\/csv|application\/octet-stream)\b/i.test(String(request.headers['content-type'] ?? ''));

function tooMany(context: ExecutionContext, detail: ThrottlerLimitDetail, what: { ja: string; en: string }): HttpException {
  const seconds = Math.max(1, Math.ceil(detail.timeToBlockExpire || detail.timeToExpire));
  context.switchToHttp().getResponse<{ setHeader(name: string, value: string): void }>().setHeader('Retry-After', String(seconds));
  return new HttpException(
    {
      code: 'RATE_LIMITED',
      message: `${what.ja}が多すぎます。${seconds} 秒後に再試行してください。 Too many ${what.en}; retry in ${seconds} s.`,
      details: { limit: detail.limit, retryAfterSeconds: seconds },
    },
    HttpStatus.TOO_MANY_REQUESTS,
  );
}

const HEALTH = /^\/health(\/projections)?(\?|$)/;

/** The one bucket of a client address, shared by every route, the API docs and unknown paths. */
export const addressKey = (address: string) => `ip:${address}`;

interface ExpressLikeResponse {
  statusCode: number;
  setHeader(name: string, value: string): void;
  end(body: string): void;
}

/**
 * Express middleware, before body parsing and routing: requests per client address per minute
 * (RATE_LIMIT_PER_IP_PER_MINUTE), one budget across every path — routes, `/docs`, `/docs-json`, unknown paths — so
 * that an address over its limit gets 429 RATE_LIMITED with Retry-After everywhere, before its tokens are checked or
 * its bodies parsed; `/health` is not counted. Counts in the throttler's storage (`ThrottlerStorage`), as the per-user limits do.
 * Each 429 is one line of the audit log (no actor: the token is not read).
 */
export function addressRateLimit(storage: ThrottlerStorage, config: AppConfig, audit?: AuditLog) {
  return (request: HttpRequest & { url?: string; socket?: { remoteAddress?: string } }, response: ExpressLikeResponse, next: (error?: unknown) => void): void => {
    // Health probes are not counted: an orchestrator sharing an address with a flood must still see the truth.
    if (HEALTH.test(request.url ?? '')) return next();
    const address = request.ip ?? request.socket?.remoteAddress ?? 'unknown';
    const limit = config.RATE_LIMIT_PER_IP_PER_MINUTE;
    storage.increment(addressKey(address), MINUTE, limit, MINUTE, 'ip').then(
      (record) => {
        if (!record.isBlocked) return next();
        const seconds = Math.max(1, Math.ceil(record.timeToBlockExpire || record.timeToExpire));
        const body = {
          statusCode: HttpStatus.TOO_MANY_REQUESTS,
          code: 'RATE_LIMITED',
          message: `このアドレスからのリクエストが多すぎます。${seconds} 秒後に再試行してください。 Too many requests from this address; retry in ${seconds} s.`,
          details: { limit, retryAfterSeconds: seconds },
        };
        auditPreRoutingRefusal(audit, request as unknown as IncomingMessage, response as unknown as ServerResponse, HttpStatus.TOO_MANY_REQUESTS, 'RATE_LIMITED');
        response.statusCode = HttpStatus.TOO_MANY_REQUESTS;
        response.setHeader('Retry-After', String(seconds));
        response.setHeader('Content-Type', 'application/json; charset=utf-8');
        response.end(JSON.stringify(body));
      },
      (error: unknown) => next(error),
    );
  };
}

/**
 * After authentication: changes per user (`writes`) and file uploads per user (`uploads`), each one budget per user
 * across every route (not the throttler's default of one per route). Reads are not limited here. A burst from one
 * user cannot starve the others: each user has their own budget.
 */
@Injectable()
export class UserRateLimitGuard extends ThrottlerGuard {
  /** One bucket per limit and user, whatever the route. */
  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }

  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const request = props.context.switchToHttp().getRequest<HttpRequest>();
    if (!request.actor || READ_METHODS.has(request.method.toUpperCase())) return true;
    if (props.throttler.name === 'writes' || (props.throttler.name === 'uploads' && isUpload(request))) return super.handleRequest(props);
    return true;
  }

  protected override async getTracker(request: HttpRequest): Promise<string> {
    // A person is the subject at its issuer (README "Who is a person").
    return request.actor ? `${request.actor.issuer ?? ''}|${request.actor.organisationCode}/${request.actor.actorId}` : (request.ip ?? 'unknown');
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const upload = isUpload(context.switchToHttp().getRequest<HttpRequest>());
    throw tooMany(context, detail, upload ? { ja: 'ファイルの取込・更新操作', en: 'uploads and changes' } : { ja: '更新操作', en: 'changes' });
  }
}

/** The per-user limits (from AppConfig, per minute) and their storage, which `addressRateLimit` shares. */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        throttlers: [
          { name: 'writes', ttl: MINUTE, limit: config.RATE_LIMIT_WRITES_PER_MINUTE },
          { name: 'uploads', ttl: MINUTE, limit: config.RATE_LIMIT_UPLOADS_PER_MINUTE },
        ],
      }),
    }),
  ],
})
export class RateLimitModule {}
