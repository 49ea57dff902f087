import { Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { createDataSource, eventLogRisks, grantAppRole, openAndMigrate, roleOfUrl } from '@grants/database';
import { EVENT_STORE_MIGRATIONS, StreamCatalogEntry } from '@grants/event-store';
import { AppConfig } from '../config/app-config';
import { APP_OPTIONS, AppOptions, DATABASE_URL } from '../config/config.module';
import { API_MIGRATIONS } from './migrations';
import { SCORING_ENTITIES } from '../scoring/scoring.entities';
import { YEAR_VIEW_ENTITIES } from '../fiscal-year/year-view.entities';

export const API_ENTITIES = [StreamCatalogEntry, ...SCORING_ENTITIES, ...YEAR_VIEW_ENTITIES];
export const ALL_MIGRATIONS = [...EVENT_STORE_MIGRATIONS, ...API_MIGRATIONS];

const log = new Logger('Database');

/** Applies pending migrations as the owner role, then grants the app role its privileges (README "Database roles"). */
async function migrateAsOwner(ownerUrl: string, appRole: string): Promise<void> {
  const owner = createDataSource({ url: ownerUrl, migrations: ALL_MIGRATIONS, poolSize: 1, statementTimeoutMillis: 30_000 });
  try {
    await openAndMigrate(owner);
  } finally {
    if (owner.isInitialized) await owner.destroy();
  }
  const { appendOnly } = await grantAppRole(ownerUrl, appRole);
  log.log(`migrations applied as the owner role; app role "${appRole}" granted reads and writes, append only on ${appendOnly.join(', ')}`);
}

/**
 * Opens the read-model data source after the migrations. With an owner URL of its own (MIGRATION_DATABASE_URL, or the
 * embedded PostgreSQL's superuser) they run as the owner and the service connects as the app role; with one URL the
 * service migrates its own tables (development) and, owning `events`, could disable the append-only trigger: a
 * warning in development, a refusal to start in production.
 */
async function openMigrated(options: DataSourceOptions | undefined, app: AppOptions, config: AppConfig): Promise<DataSource> {
  if (options?.type !== 'postgres' || !options.url) throw new Error('the read-model database needs a postgres URL');
  const url = options.url;
  const ownerUrl = app.migrationDatabaseUrl;
  const separateOwner = ownerUrl !== undefined && ownerUrl !== url;
  if (separateOwner) await migrateAsOwner(ownerUrl, config.APP_DATABASE_ROLE ?? roleOfUrl(url));
  const dataSource = createDataSource({
    url,
    entities: API_ENTITIES,
    migrations: ALL_MIGRATIONS,
    statementTimeoutMillis: 30_000,
  });
  try {
    if (separateOwner) await dataSource.initialize();
    else await openAndMigrate(dataSource);
    const risks = await eventLogRisks((sql) => dataSource.query(sql));
    if (risks.length > 0) {
      const message = `the service's database role "${roleOfUrl(url)}" ${risks.join(', ')}: it could rewrite the event log. Run migrations as the owner (MIGRATION_DATABASE_URL) and the service as an app role (DATABASE_URL), README "Database roles"`;
      if (config.isProduction) throw new Error(message);
      log.warn(message);
    }
    return dataSource;
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
      inject: [DATABASE_URL, APP_OPTIONS, AppConfig],
      useFactory: (url: string, app: AppOptions, config: AppConfig) => ({
        type: 'postgres' as const,
        url,
        entities: API_ENTITIES,
        migrations: ALL_MIGRATIONS,
        synchronize: false,
        retryAttempts: 3,
        retryDelay: 2000,
        app,
        config,
      }),
      dataSourceFactory: (options) => {
        const { app, config } = options as DataSourceOptions & { app: AppOptions; config: AppConfig };
        return openMigrated(options, app, config);
      },
    }),
  ],
})
export class DatabaseModule {}
