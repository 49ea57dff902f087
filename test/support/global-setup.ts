import { startEmbeddedPostgres } from '../../libs/database/src/embedded-postgres';
import { TEST_SERVER_ENV } from '../../libs/testing/src/test-server-env';

/**
 * Every test talks to a real PostgreSQL: the one in DATABASE_URL, or else an embedded PostgreSQL 15 started here
 * in .data/test-pg. Each test file then creates its own database on that server (see test-database.ts).
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env[TEST_SERVER_ENV] = process.env.DATABASE_URL;
    return;
  }
  const port = Number(process.env.TEST_EMBEDDED_PG_PORT ?? 54329);
  const db = await startEmbeddedPostgres({
    dataDir: '.data/test-pg',
    port,
    database: 'grants_test',
    // E.g. as root in a private directory: where the data went instead.
    onNotice: (message) => console.warn(`tests: ${message}`),
  });
  process.env[TEST_SERVER_ENV] = db.url;
  (globalThis as { __embeddedPostgres?: { stop(): Promise<void> } }).__embeddedPostgres = db;
  console.warn(`tests: no DATABASE_URL, using embedded PostgreSQL on 127.0.0.1:${port}`);
}
