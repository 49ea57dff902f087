import { createHash, timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, NotFoundException, Res, UnauthorizedException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { AppConfig } from '../config/app-config';
import { Metrics } from './metrics';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Whether an Authorization header carries exactly `Bearer <token>`, compared in constant time. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer (\S+)$/.exec(header ?? '')?.[1];
  return presented !== undefined && timingSafeEqual(digest(presented), digest(token));
}

/**
 * Prometheus text (format 0.0.4) for a scraper: no user token (it is not a person), but `METRICS_TOKEN` as a bearer
 * token when set; 404 while METRICS_ENABLED is off. Not part of the OpenAPI document.
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) response: Response): Promise<string> {
    if (!this.config.metricsEnabled) {
      throw new NotFoundException({ code: 'METRICS.DISABLED', message: 'メトリクスは無効です（METRICS_ENABLED）。 Metrics are off (METRICS_ENABLED).' });
    }
    const token = this.config.METRICS_TOKEN;
    if (token !== undefined && !bearerMatches(authorization, token)) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new UnauthorizedException({ code: 'METRICS.UNAUTHENTICATED', message: 'メトリクスの取得には METRICS_TOKEN が必要です。 /metrics needs the METRICS_TOKEN bearer token.' });
    }
    response.setHeader('Content-Type', this.metrics.contentType);
    response.setHeader('Cache-Control', 'no-store');
    return this.metrics.scrape();
  }
}
