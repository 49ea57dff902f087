import { INestApplication } from '@nestjs/common';
import { appRoleUrlOf, createTestDatabase, TestDatabase } from '@grants/testing';
import { createApp } from '../../apps/api/src/app.factory';
import { loadConfig } from '../../apps/api/src/config/app-config';

export const TEST_ENV = { NODE_ENV: 'test', LOG_LEVEL: 'silent' } as const;

export interface TestApp {
  readonly app: INestApplication;
  readonly db: TestDatabase;
  /** Closes the app, then drops its database. */
  close(): Promise<void>;
}

/**
 * The real API app on a fresh database of its own, initialised but not listening (supertest drives it). With
 * TEST_AS_APP_ROLE=1, and always for a production start (which refuses a role that could rewrite the log), the app
 * connects as the limited app role and migrates as the superuser, as in production.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const asAppRole = process.env.TEST_AS_APP_ROLE === '1' || env.NODE_ENV === 'production';
  const databaseUrl = asAppRole ? await appRoleUrlOf(db) : db.url;
  const app = await createApp({
    databaseUrl,
    migrationDatabaseUrl: db.url,
    config: loadConfig({ ...TEST_ENV, DATABASE_URL: databaseUrl, ...env }),
  });
  await app.init();
  return {
    app,
    db,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
