/**
 * The web app's API types (apps/web/src/api/schema.d.ts) are generated from the service's own OpenAPI document, so a
 * changed route fails the web app's type-check and test/web-api-schema.e2e-spec.ts, not a user.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run web:schema
 *
 * The app needs a database to start (migrations run as it is created): a throw-away one is made on DATABASE_URL's
 * server and dropped afterwards.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { createTestDatabase, TEST_SERVER_ENV } from '@grants/testing';
import { createApp } from '../apps/api/src/app.factory';
import { loadConfig } from '../apps/api/src/config/app-config';

export const WEB_API_SCHEMA = resolve(__dirname, '..', 'apps', 'web', 'src', 'api', 'schema.d.ts');
const OPENAPI_TYPESCRIPT = resolve(__dirname, '..', 'node_modules', 'openapi-typescript', 'bin', 'cli.js');

/** The document GET /docs-json serves, from the real app on a database of its own. */
export async function liveOpenApiDocument(): Promise<unknown> {
  const db = await createTestDatabase();
  const app = await createApp({ databaseUrl: db.url, config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: db.url }) });
  try {
    await app.init();
    return (await request(app.getHttpServer()).get('/docs-json').expect(200)).body;
  } finally {
    await app.close();
    await db.drop();
  }
}

/** openapi-typescript's output for a document (run as its CLI: the package is ESM only). */
export function renderSchema(document: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'web-api-schema-'));
  try {
    const input = join(dir, 'openapi.json');
    const output = join(dir, 'schema.d.ts');
    writeFileSync(input, JSON.stringify(document));
    execFileSync(process.execPath, [OPENAPI_TYPESCRIPT, input, '-o', output], { stdio: 'pipe' });
    return readFileSync(output, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (!process.env[TEST_SERVER_ENV]) {
    if (!process.env.DATABASE_URL) throw new Error('set DATABASE_URL to a PostgreSQL server (a database is created there and dropped)');
    process.env[TEST_SERVER_ENV] = process.env.DATABASE_URL;
  }
  writeFileSync(WEB_API_SCHEMA, renderSchema(await liveOpenApiDocument()));
  console.log(`wrote ${WEB_API_SCHEMA}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
