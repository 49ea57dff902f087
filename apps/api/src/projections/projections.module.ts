import { BeforeApplicationShutdown, Inject, Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_OPTIONS } from '../config/config.module';
import type { AppOptions } from '../config/config.module';
import { DataSource } from 'typeorm';
import { EventStore, ProjectionRunner, Upcasters } from '@grants/event-store';
import { ProjectionLagMeter } from './projection-lag';
import { readModelProjections } from './read-models';

/** Starts the read models' runner once the app is up and stops it before the database connections close. */
@Injectable()
export class ProjectionsLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly runner: ProjectionRunner,
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.runProjections !== false) this.runner.start();
  }

  /**
   * Not OnApplicationShutdown: Nest runs that hook on global modules first, and TypeOrmCoreModule (global) would
   * destroy the DataSource under a batch still in flight. beforeApplicationShutdown runs before every shutdown hook.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}

@Module({
  providers: [
    {
      provide: ProjectionRunner,
      inject: [EventStore, DataSource, Upcasters],
      useFactory: (store: EventStore, dataSource: DataSource, upcasters: Upcasters) =>
        new ProjectionRunner(store, dataSource, readModelProjections(), { logger: new Logger(ProjectionRunner.name), upcasters }),
    },
    ProjectionsLifecycle,
    ProjectionLagMeter,
  ],
  exports: [ProjectionRunner, ProjectionLagMeter],
})
export class ProjectionsModule {}
