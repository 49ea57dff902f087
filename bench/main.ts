/**
 * `npm run bench`: measures the store and the domain on this machine and prints one table.
 * Uses DATABASE_URL's server (a fresh database is created and dropped) or else an embedded PostgreSQL.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createDataSource, openAndMigrate, quoteIdentifier, runAdminSql, startEmbeddedPostgres } from '@grants/database';
import { EVENT_STORE_MIGRATIONS } from '@grants/event-store';
import { withDatabase } from '@grants/testing';
import { benchAllocation } from './allocation.bench';
import { benchHealthUnderAttack } from './hostile.bench';
import { benchHttp } from './http.bench';
import { BenchRow, benchEventStore } from './event-store.bench';
import { benchStorePeers } from './store-peers.bench';
import { benchWebPagesOnFreshDatabase } from './web-pages.bench';
import { WEB_APP_ROOT } from '../apps/api/src/app.module';

async function main(): Promise<void> {
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({ dataDir: '.data/bench-pg', port: Number(process.env.BENCH_EMBEDDED_PG_PORT ?? 54328), database: 'grants_bench' });
  const serverUrl = process.env.DATABASE_URL ?? embedded!.url;
  const name = `grants_bench_${Date.now()}`;
  await runAdminSql(serverUrl, `CREATE DATABASE ${quoteIdentifier(name)}`);
  const url = withDatabase(serverUrl, name);
  const rows: BenchRow[] = [];
  try {
    await openAndMigrate(createDataSource({ url, migrations: EVENT_STORE_MIGRATIONS })).then((ds) => ds.destroy());
    rows.push(...(await benchEventStore(url, (m) => console.error(`bench: ${m}…`))));
    rows.push(...(await benchStorePeers(serverUrl, name, (m) => console.error(`bench: ${m}…`))));
    rows.push(...(await benchAuditInOwnProcess(url)));
    rows.push(...(await benchHttpOnFreshDatabase(serverUrl, name, (m) => console.error(`bench: ${m}…`))));
    rows.push(...(await benchHttpOnFreshDatabase(serverUrl, `${name}_hostile`, (m) => console.error(`bench: ${m}…`), benchHealthUnderAttack)));
    for (const extra of await optionalBenches(serverUrl, name)) rows.push(...(await extra()));
  } finally {
    await runAdminSql(serverUrl, `DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
    await embedded?.stop();
  }
  const width = Math.max(...rows.map((r) => r.scenario.length));
  console.log(`\n${'scenario'.padEnd(width)}  result`);
  console.log(`${'-'.repeat(width)}  ${'-'.repeat(40)}`);
  for (const row of rows) console.log(`${row.scenario.padEnd(width)}  ${row.value}`);
}

/** The national-year audit bench in a fresh process (bench/audit-process.ts), with this process's Node options. */
async function benchAuditInOwnProcess(url: string): Promise<BenchRow[]> {
  const child = spawn(process.execPath, [...process.execArgv, resolve(__dirname, 'audit-process.ts'), url], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += String(chunk)));
  const code = await new Promise<number | null>((done) => child.on('exit', done));
  if (code !== 0) throw new Error(`the audit bench failed (exit ${code})`);
  return JSON.parse(output.trim().split('\n').at(-1) ?? '[]') as BenchRow[];
}

/** The HTTP benches run the whole service on a database of their own, dropped afterwards. */
async function benchHttpOnFreshDatabase(serverUrl: string, name: string, progress: (message: string) => void, bench = benchHttp): Promise<BenchRow[]> {
  const database = `${name}_http`;
  await runAdminSql(serverUrl, `CREATE DATABASE ${quoteIdentifier(database)}`);
  try {
    return await bench(withDatabase(serverUrl, database), progress);
  } finally {
    await runAdminSql(serverUrl, `DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`);
  }
}

/**
 * Domain benchmarks that need no database, and the web pages in chromium on a national year of their own when the web
 * app is built and Debian's chromium is there (else a row says why they were skipped).
 */
async function optionalBenches(serverUrl: string, name: string): Promise<(() => Promise<BenchRow[]>)[]> {
  const browser = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const web = async (): Promise<BenchRow[]> => {
    if (!existsSync(join(WEB_APP_ROOT, 'index.html')) || !existsSync(browser)) {
      return [{ scenario: 'page (web app in chromium)', value: `skipped: needs the built web app (npm run build:web) and ${browser}` }];
    }
    return benchWebPagesOnFreshDatabase(serverUrl, name, (m) => console.error(`bench: ${m}…`));
  };
  return [benchAllocation, web];
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
