import { DynamicModule, Module } from '@nestjs/common';
import type { EventStore } from '@grants/event-store';
import type { DestinationStream } from 'pino';
import type { Clock } from '../commands/clock';
import { AppConfig } from './app-config';

/** Injection token of the PostgreSQL URL the app runs on (external, embedded or a test database). */
export const DATABASE_URL = Symbol('DATABASE_URL');

/** Injection token of the options the app was built with. */
export const APP_OPTIONS = Symbol('APP_OPTIONS');

export interface AppOptions {
  /** PostgreSQL for the event store's tables and the read models. */
  readonly databaseUrl: string;
  /** The owner role's URL: migrations and the app role's grants run on it (default: databaseUrl). */
  readonly migrationDatabaseUrl?: string;
  readonly config: AppConfig;
  /**
   * Batch tools that drive the commands in-process (the national-year generator) hand in their own store, which the
   * app then uses and leaves open, and their own clock; the service itself builds both from the config.
   */
  readonly eventStore?: EventStore;
  readonly clock?: Clock;
  /** Whether the read models follow the log while the app runs (default true). */
  readonly runProjections?: boolean;
  /** Where the JSON log lines (request log and audit log) go instead of stdout: tests capture them here. */
  readonly logDestination?: DestinationStream;
}

/** Makes the validated `AppConfig` and the database URL injectable everywhere. */
@Module({})
export class ConfigModule {
  static forRoot(options: AppOptions): DynamicModule {
    return {
      module: ConfigModule,
      global: true,
      providers: [
        { provide: AppConfig, useValue: options.config },
        { provide: DATABASE_URL, useValue: options.databaseUrl },
        { provide: APP_OPTIONS, useValue: options },
      ],
      exports: [AppConfig, DATABASE_URL, APP_OPTIONS],
    };
  }
}
