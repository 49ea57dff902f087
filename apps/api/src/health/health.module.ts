import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ProjectionsModule } from '../projections/projections.module';
import { EventStoreHealthIndicator } from './event-store.health';
import { HealthController } from './health.controller';
import { ReadinessIndicators } from './readiness.indicators';

@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' }), ProjectionsModule],
  controllers: [HealthController],
  providers: [EventStoreHealthIndicator, ReadinessIndicators],
})
export class HealthModule {}
