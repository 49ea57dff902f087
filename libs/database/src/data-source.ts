import { DataSource, EntitySchema, MixedList } from 'typeorm';

export interface DataSourceOptions {
  readonly url: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly entities?: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly migrations?: MixedList<Function | string>;
  readonly poolSize?: number;
  /** Longest a single statement may run before PostgreSQL cancels it. */
  readonly statementTimeoutMillis?: number;
}

/** TypeORM data source for the read models. Schema changes go through migrations only, never `synchronize`. */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities: options.entities ?? [],
    migrations: options.migrations ?? [],
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: {
      max: options.poolSize ?? 10,
      statement_timeout: options.statementTimeoutMillis ?? 60_000,
    },
  });
}

/** Opens a data source, applies pending migrations and returns it. */
export async function openAndMigrate(dataSource: DataSource): Promise<DataSource> {
  if (!dataSource.isInitialized) await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}
