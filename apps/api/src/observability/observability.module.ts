import { Global, Injectable, MiddlewareConsumer, Module, NestModule, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventStore, PostgresEventStore } from '@grants/event-store';
import { ProjectionLagMeter } from '../projections/projection-lag';
import { ProjectionsModule } from '../projections/projections.module';
import { CommandBusInstrumentation } from './command-bus.instrumentation';
import { httpSpan } from './http.middleware';
import { Metrics, PoolGauges } from './metrics';
import { MetricsController } from './metrics.controller';

/** Feeds the scrape-time gauges: the read models' lag and the two connection pools. */
@Injectable()
export class MetricsSources implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly lag: ProjectionLagMeter,
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.metrics.observeProjections(() => this.lag.measure());
    const store = this.store;
    if (store instanceof PostgresEventStore) this.metrics.observePool('event_store', () => store.connectionPool);
    // TypeORM's pg Pool for the read models (its `master`; undefined once the DataSource is destroyed).
    this.metrics.observePool('read_models', () => (this.dataSource.driver as unknown as { master?: PoolGauges }).master);
  }
}

/**
 * Metrics (`/metrics`, the CommandBus wrapper, the store's append metrics via EventStoreModule) and the HTTP server
 * span of every request. Global so that EventStoreModule can instrument the store with the same `Metrics`.
 */
@Global()
@Module({
  imports: [ProjectionsModule],
  controllers: [MetricsController],
  providers: [{ provide: Metrics, useFactory: () => new Metrics() }, MetricsSources, CommandBusInstrumentation],
  exports: [Metrics],
})
export class ObservabilityModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(httpSpan).forRoutes('{*path}');
  }
}
