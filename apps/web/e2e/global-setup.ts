import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { WEB_TEST_PORT } from '../playwright.config';
import { OIDC_TEST_ENV } from './support/oidc';
import { seedYears } from './support/seed';

const ROOT = resolve(__dirname, '..', '..', '..');

/** A PostgreSQL server: DATABASE_URL's, else the project's embedded PostgreSQL in a child process of its own. */
async function postgresServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const given = process.env.DATABASE_URL;
  if (given) return { url: given, stop: async () => undefined };
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', resolve(ROOT, 'test/support/pg-server-process.ts'), resolve(ROOT, '.data/web-test-pg'), process.env.WEB_TEST_PG_PORT ?? '54328'],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((done, fail) => {
    child.once('exit', (code) => fail(new Error(`the embedded PostgreSQL exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('READY ')) done(line.slice('READY '.length));
    });
  });
  return {
    url,
    stop: () =>
      new Promise<void>((done) => {
        child.once('exit', () => done());
        child.stdin!.write('stop\n');
      }),
  };
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function waitForHealth(baseUrl: string, service: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    if (service.exitCode !== null) throw new Error(`the service exited with ${service.exitCode} before it was healthy`);
    try {
      if ((await fetch(`${baseUrl}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the service did not become healthy within 60 s');
}

/**
 * Starts the built service (`node dist/apps/api/src/main.js`, as `npm start` does) on a fresh database, with
 * OpenID Connect sign-in set up for the test provider (support/oidc.ts), opens this
 * fiscal year and the previous one through the API, and returns the teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const main = resolve(ROOT, 'dist/apps/api/src/main.js');
  if (!existsSync(main) || !existsSync(resolve(ROOT, 'dist/web/index.html'))) throw new Error('build first: npm run build');
  const server = await postgresServer();
  const database = `grants_web_${randomBytes(6).toString('hex')}`;
  await admin(server.url, `CREATE DATABASE ${database}`);
  const baseUrl = `http://127.0.0.1:${WEB_TEST_PORT}`;
  const service = spawn(process.execPath, [main], {
    cwd: ROOT,
    // OpenID Connect sign-in points at the provider the sign-in test starts (e2e/oidc-sign-in.pw.ts); the others use
    // the development sign-in, which test mode offers as well.
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'error', HOST: '127.0.0.1', PORT: String(WEB_TEST_PORT), DATABASE_URL: withDatabase(server.url, database), ...OIDC_TEST_ENV },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    await waitForHealth(baseUrl, service);
    const seeded = await seedYears(baseUrl);
    process.env.WEB_TEST_FISCAL_YEAR = seeded.fiscalYear;
    process.env.WEB_TEST_CLOSING_YEAR = seeded.closingYear;
  } catch (error) {
    service.kill('SIGTERM');
    throw error;
  }
  return async () => {
    await new Promise<void>((done) => {
      if (service.exitCode !== null) return done();
      service.once('exit', () => done());
      service.kill('SIGTERM');
    });
    await admin(server.url, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await server.stop();
  };
}
