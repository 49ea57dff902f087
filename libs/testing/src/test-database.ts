import { randomBytes } from 'node:crypto';
import { Client, escapeIdentifier } from 'pg';
import { createDataSource, openAndMigrate, runAdminSql } from '@grants/database';
import { EVENT_STORE_MIGRATIONS } from '@grants/event-store';
import { TEST_SERVER_ENV } from './test-server-env';


export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  /** Runs SQL as the server's superuser on this database (e.g. to tamper with events as an attacker would). */
  superuserQuery<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

export interface CreateTestDatabaseOptions {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly migrations?: Function[];
}

/**
 * A fresh, migrated database of the test file's own on the real PostgreSQL server, so tests never share state.
 */
export async function createTestDatabase(options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const serverUrl = process.env[TEST_SERVER_ENV] ?? process.env.DATABASE_URL;
  if (!serverUrl) throw new Error(`${TEST_SERVER_ENV} is not set: run the tests with "npm test"`);
  const name = `grants_t_${randomBytes(6).toString('hex')}`;
  await runAdminSql(serverUrl, `CREATE DATABASE ${escapeIdentifier(name)}`);
  const url = withDatabase(serverUrl, name);
  const dataSource = createDataSource({ url, migrations: options.migrations ?? EVENT_STORE_MIGRATIONS, poolSize: 1 });
  await openAndMigrate(dataSource);
  await dataSource.destroy();
  return {
    url,
    name,
    superuserQuery: async <R>(sql: string, params?: unknown[]) => {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows as R[];
      } finally {
        await client.end();
      }
    },
    drop: () => runAdminSql(serverUrl, `DROP DATABASE IF EXISTS ${escapeIdentifier(name)} WITH (FORCE)`),
  };
}

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
