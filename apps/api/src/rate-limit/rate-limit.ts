import { ExecutionContext, HttpException, HttpStatus, Injectable, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule, ThrottlerRequest } from '@nestjs/throttler';
import type { ThrottlerLimitDetail } from '@nestjs/throttler';
import type { AuthenticatedRequest } from '../auth/auth.decorators';
import { AppConfig } from '../config/app-config';

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

/**
 * Before authentication: requests per client address (the `ip` throttler only). Bounds floods and token guessing
 * whatever the token says. Answers 429 RATE_LIMITED with Retry-After.
 */
@Injectable()
export class AddressRateLimitGuard extends ThrottlerGuard {
  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    return props.throttler.name === 'ip' ? super.handleRequest(props) : true;
  }

  protected override async getTracker(request: HttpRequest): Promise<string> {
    return request.ip ?? 'unknown';
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw tooMany(context, detail, { ja: 'このアドレスからのリクエスト', en: 'requests from this address' });
  }
}

/**
 * After authentication: changes per user (`writes`) and file uploads per user (`uploads`). Reads are not limited
 * here. A burst from one user cannot starve the others: each user has their own budget.
 */
@Injectable()
export class UserRateLimitGuard extends ThrottlerGuard {
  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const request = props.context.switchToHttp().getRequest<HttpRequest>();
    if (!request.actor || READ_METHODS.has(request.method.toUpperCase())) return true;
    if (props.throttler.name === 'writes' || (props.throttler.name === 'uploads' && isUpload(request))) return super.handleRequest(props);
    return true;
  }

  protected override async getTracker(request: HttpRequest): Promise<string> {
    return request.actor ? `${request.actor.organisationCode}/${request.actor.actorId}` : (request.ip ?? 'unknown');
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const upload = isUpload(context.switchToHttp().getRequest<HttpRequest>());
    throw tooMany(context, detail, upload ? { ja: 'ファイルの取込・更新操作', en: 'uploads and changes' } : { ja: '更新操作', en: 'changes' });
  }
}

/** The limits (from AppConfig, per minute) and the guard that runs before authentication. */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        throttlers: [
          { name: 'ip', ttl: MINUTE, limit: config.RATE_LIMIT_PER_IP_PER_MINUTE },
          { name: 'writes', ttl: MINUTE, limit: config.RATE_LIMIT_WRITES_PER_MINUTE },
          { name: 'uploads', ttl: MINUTE, limit: config.RATE_LIMIT_UPLOADS_PER_MINUTE },
        ],
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: AddressRateLimitGuard }],
})
export class RateLimitModule {}
