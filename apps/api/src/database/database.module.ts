import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { createDataSource, openAndMigrate } from '@grants/database';
import { EVENT_STORE_MIGRATIONS, StreamCatalogEntry } from '@grants/event-store';
import { DATABASE_URL } from '../config/config.module';
import { API_MIGRATIONS } from './migrations';
import { SCORING_ENTITIES } from '../scoring/scoring.entities';
import { YEAR_VIEW_ENTITIES } from '../fiscal-year/year-view.entities';

export const API_ENTITIES = [StreamCatalogEntry, ...SCORING_ENTITIES, ...YEAR_VIEW_ENTITIES];
export const ALL_MIGRATIONS = [...EVENT_STORE_MIGRATIONS, ...API_MIGRATIONS];

/** Opens the read-model data source and applies pending migrations before anything else starts. */
async function openMigrated(options: DataSourceOptions | undefined): Promise<DataSource> {
  if (options?.type !== 'postgres' || !options.url) throw new Error('the read-model database needs a postgres URL');
  const dataSource = createDataSource({
    url: options.url,
    entities: API_ENTITIES,
    migrations: ALL_MIGRATIONS,
    statementTimeoutMillis: 30_000,
  });
  try {
    return await openAndMigrate(dataSource);
  } catch (error) {
    // TypeOrmModule retries the factory: do not leak this attempt's pool.
    if (dataSource.isInitialized) await dataSource.destroy();
    throw error;
  }
}

/** TypeORM for the read models: schema by migrations only (`synchronize: false`), run at start-up. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [DATABASE_URL],
      useFactory: (url: string) => ({
        type: 'postgres' as const,
        url,
        entities: API_ENTITIES,
        migrations: ALL_MIGRATIONS,
        synchronize: false,
        retryAttempts: 3,
        retryDelay: 2000,
      }),
      dataSourceFactory: openMigrated,
    }),
  ],
})
export class DatabaseModule {}
