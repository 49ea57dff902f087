import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ProjectionRunner } from '@grants/event-store';
import { CodedErrorResponse } from '../common/http-exception.filter';
import { errorKind } from './error-kind';
import { EventStoreHealthIndicator } from './event-store.health';
import { ProjectionsHealthDto } from './health.dto';
import { Public } from '../auth/auth.decorators';
import { ReadinessIndicators } from './readiness.indicators';

export { errorKind } from './error-kind';

/** Public probes (no token): everything else in the API is guarded. */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly eventStore: EventStoreHealthIndicator,
    private readonly runner: ProjectionRunner,
    private readonly readiness: ReadinessIndicators,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness probe: the process answers (200). Checks no dependency, so a database outage never restarts it' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary:
      'Readiness probe: 200 when the database and the event store answer, every migration is applied and no read model is stalled or ' +
      'further behind than READY_MAX_PROJECTION_LAG_EVENTS / _SECONDS; else 503 HEALTH.NOT_READY naming the failing checks',
  })
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.database.pingCheck('database', { timeout: 3000 }),
        () => this.eventStore.pingCheck('eventStore', 3000),
        () => this.readiness.migrations('migrations'),
        () => this.readiness.projections('projections'),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const response: CodedErrorResponse = {
        code: 'HEALTH.NOT_READY',
        message: 'サービスはまだ要求を受けられません。 The service is not ready for traffic.',
        details: error.getResponse(),
      };
      throw new ServiceUnavailableException(response);
    }
  }

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness of the read-model database and the event store (200 when both are up, else 503)' })
  async check(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.database.pingCheck('database', { timeout: 3000 }),
        () => this.eventStore.pingCheck('eventStore', 3000),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const response: CodedErrorResponse = {
        code: 'HEALTH.CHECK_FAILED',
        message: 'サービスの依存先が応答しません。 A dependency of the service is down.',
        details: error.getResponse(),
      };
      throw new ServiceUnavailableException(response);
    }
  }

  @Get('projections')
  @ApiOperation({ summary: "Each projection's checkpoint, and the store's head to compare it with" })
  @ApiOkResponse({ type: ProjectionsHealthDto })
  async projections(): Promise<ProjectionsHealthDto> {
    const [statuses, head] = await Promise.all([this.runner.status(), this.eventStore.headPosition()]);
    return {
      headPosition: head === null ? null : head.toString(),
      projections: statuses.map((status) => ({
        name: status.name,
        position: status.position.toString(),
        ...(status.stalled && {
          stalled: {
            position: status.stalled.position.toString(),
            // Public route: the error's kind only; its full text (hosts, SQL) is in the ProjectionRunner log.
            error: errorKind(status.stalled.error),
            attempts: status.stalled.attempts,
          },
        }),
      })),
    };
  }
}
