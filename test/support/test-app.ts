import { INestApplication } from '@nestjs/common';
import { createTestDatabase, TestDatabase } from '@grants/testing';
import { createApp } from '../../apps/api/src/app.factory';
import { loadConfig } from '../../apps/api/src/config/app-config';

export const TEST_ENV = { NODE_ENV: 'test', LOG_LEVEL: 'silent' } as const;

export interface TestApp {
  readonly app: INestApplication;
  readonly db: TestDatabase;
  /** Closes the app, then drops its database. */
  close(): Promise<void>;
}

/** The real API app on a fresh database of its own, initialised but not listening (supertest drives it). */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const app = await createApp({ databaseUrl: db.url, config: loadConfig({ ...TEST_ENV, DATABASE_URL: db.url, ...env }) });
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
