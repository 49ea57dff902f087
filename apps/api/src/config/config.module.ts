import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from './app-config';

/** Injection token of the PostgreSQL URL the app runs on (external, embedded or a test database). */
export const DATABASE_URL = Symbol('DATABASE_URL');

export interface AppOptions {
  /** PostgreSQL for the event store's tables and the read models. */
  readonly databaseUrl: string;
  readonly config: AppConfig;
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
      ],
      exports: [AppConfig, DATABASE_URL],
    };
  }
}
