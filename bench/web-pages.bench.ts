/**
 * The web app's main pages on a generated national fiscal year (bench/national: 47 prefectures, 1,741 insurers,
 * finalized), in Debian's chromium driven by Playwright: each role signs in on the development sign-in page, then each
 * page is opened afresh (a full load of the app) until its data is shown (a table row or the page's data-testid); the
 * API reads the page made are then timed on their own. One row per page: the median load over RUNS loads after a
 * warm-up, and the p95 of the API reads behind it (each READ_RUNS times), against the targets (1.5 s, 200 ms).
 *
 * Needs the built web app (`npm run build:web`). Alone: `node -r ts-node/register/transpile-only -r
 * tsconfig-paths/register bench/web-pages.bench.ts` (DATABASE_URL's server, else an embedded PostgreSQL; a fresh
 * database, dropped afterwards). BENCH_WEB_EVENTS sets the year's size (default 60,000 events, the demo's);
 * BENCH_WEB_DATABASE_URL measures a database that already holds it (the demo's) instead.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { createDataSource, openAndMigrate, quoteIdentifier, runAdminSql, startEmbeddedPostgres } from '@grants/database';
import { EVENT_STORE_MIGRATIONS, EventStore, PostgresEventStore, ProjectionRunner } from '@grants/event-store';
import { withDatabase } from '@grants/testing';
import { WEB_APP_ROOT } from '../apps/api/src/app.module';
import { BenchRow } from './event-store.bench';
import { startBenchApp } from './http.bench';
import { median, percentile } from './national.bench';
import { generateNationalFiscalYear, nationalInsurers } from './national/national-fiscal-year';

const FY = 'FY2024';
const SEED = 2024;
const RUNS = 5;
const READ_RUNS = 20;
const PAGE_TARGET_MS = 1_500;
const API_TARGET_MS = 200;

type SignIn = { readonly radio: string; readonly fill?: readonly [string, string]; readonly select?: readonly [string, string] };

/** What each role picks on the development sign-in page. */
function signIns(insurerCode: string): Record<string, SignIn> {
  return {
    prefecture: { radio: '都道府県', select: ['所属する都道府県', '13'] },
    insurer: { radio: '保険者（市町村）', fill: ['保険者番号（地方公共団体コード 6桁）', insurerCode] },
    'national-admin': { radio: '国（管理者）' },
    'national-reviewer': { radio: '国（審査担当）' },
    auditor: { radio: '監査担当' },
  };
}

/** The main pages: who opens them, where, and what shows that the data has arrived. */
function pages(insurerCode: string) {
  const row = 'main table tbody tr';
  return [
    { name: 'prefecture board (東京都, its municipalities)', role: 'prefecture', path: `/app/prefecture/${FY}`, data: row },
    { name: 'insurer self-evaluation', role: 'insurer', path: `/app/insurer/${FY}`, data: `main [data-testid=completeness], ${row}, main fieldset` },
    { name: 'insurer result', role: 'insurer', path: '/app/results', data: row },
    { name: 'national years', role: 'national-admin', path: '/app/national', data: row },
    { name: 'national year board', role: 'national-admin', path: `/app/national/${FY}`, data: row },
    { name: 'national calculations', role: 'national-admin', path: `/app/national/${FY}/calculations`, data: row },
    // A finalized year has nothing under review: the queue is opened as the records stood during the review.
    { name: 'review queue (as of the national review)', role: 'national-reviewer', path: '/app/review', data: row },
    { name: 'audit: chain and checkpoints', role: 'auditor', path: '/app/audit', data: '[data-testid=checkpoints] tbody tr' },
    { name: 'audit: timeline of an insurer', role: 'auditor', path: `/app/audit/timeline?fy=${FY}&code=${insurerCode}`, data: '[data-testid=timeline] tbody tr' },
    { name: 'audit: diff of trial 1 and the finalized amounts', role: 'auditor', path: `/app/audit/diff?fy=${FY}&from=trial:1&to=final`, data: '[data-testid=diff-pools] tbody tr' },
    { name: 'audit: an insurer as of position 30,000', role: 'auditor', path: `/app/audit/as-of?fy=${FY}&code=${insurerCode}&asOf=30000`, data: '[data-testid=as-of-view] tbody tr' },
  ] as const;
}

async function signIn(page: Page, base: string, how: SignIn): Promise<void> {
  await page.goto(`${base}/app/sign-in`);
  await page.getByRole('radio', { name: how.radio }).check();
  if (how.fill) await page.getByLabel(how.fill[0]).fill(how.fill[1]);
  if (how.select) await page.getByRole('combobox', { name: how.select[0] }).selectOption(how.select[1]);
  await page.getByRole('button', { name: 'サインイン' }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'));
}

/** The last event before the national review of the year was completed: the year stood at 提出締切 (under review). */
async function reviewPosition(url: string): Promise<bigint> {
  const store = new PostgresEventStore({ connectionString: url, poolSize: 1 });
  try {
    const { rows } = await store.connectionPool.query<{ position: string }>(
      `SELECT position::text AS position FROM events WHERE stream_id = $1 AND type = 'FiscalYearPhaseAdvanced' AND data->>'to' = 'review_completed'`,
      [`fiscal_year-${FY}`],
    );
    return BigInt(rows[0].position) - 1n;
  } finally {
    await store.close();
  }
}

interface Load {
  readonly ms: number;
  /** The API reads the page made (path and query) and the bearer they carried. */
  readonly reads: readonly string[];
  readonly authorization?: string;
}

/** One load of a page: the time until its data shows, and the API reads it made meanwhile. */
async function load(page: Page, url: string, data: string): Promise<Load> {
  const reads: string[] = [];
  let authorization: string | undefined;
  const timed = (request: import('@playwright/test').Request) => {
    const address = new URL(request.url());
    if (request.method() !== 'GET' || address.pathname.startsWith('/app') || address.pathname.startsWith('/assets')) return;
    reads.push(`${address.pathname}${address.search}`);
    authorization ??= request.headers().authorization;
  };
  page.on('requestfinished', timed);
  const started = Date.now();
  await page.goto(url);
  await page.locator(data).first().waitFor({ state: 'visible', timeout: 60_000 });
  const ms = Date.now() - started;
  await page.waitForLoadState('networkidle').catch(() => undefined);
  page.off('requestfinished', timed);
  return { ms, reads, authorization };
}

/**
 * The API reads behind a page timed apart from the browser (which shares this process's event loop with the service):
 * each read READ_RUNS times in turn, as the national bench times the service's reads. The p95 over all, and the slowest read's.
 */
async function timeReads(base: string, reads: readonly string[], authorization: string | undefined): Promise<{ p95: number; slowest: string }> {
  const all: number[] = [];
  let slowest = { read: '', p95: -1 };
  for (const read of new Set(reads)) {
    const times: number[] = [];
    for (let run = 0; run < READ_RUNS; run += 1) {
      const started = process.hrtime.bigint();
      const response = await fetch(`${base}${read}`, { headers: authorization ? { Authorization: authorization } : {} });
      await response.arrayBuffer();
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    all.push(...times);
    if (percentile(times, 95) > slowest.p95) slowest = { read, p95: percentile(times, 95) };
  }
  return { p95: all.length > 0 ? percentile(all, 95) : 0, slowest: `${slowest.read} p95 ${slowest.p95.toFixed(0)} ms` };
}

/** `url`: a migrated (event store) database of its own; the national year is generated into it. */
export async function benchWebPages(url: string, progress: (message: string) => void, options: { generate?: boolean } = {}): Promise<BenchRow[]> {
  if (!existsSync(join(WEB_APP_ROOT, 'index.html'))) throw new Error(`the web app is not built (${WEB_APP_ROOT}): run npm run build:web first`);
  if (options.generate !== false) {
    const events = Number(process.env.BENCH_WEB_EVENTS ?? 60_000);
    progress(`web pages: generating the national year ${FY} (about ${events.toLocaleString('en-US')} events)`);
    const store = new PostgresEventStore({ connectionString: url, poolSize: 8 });
    try {
      await generateNationalFiscalYear(store, { seed: SEED, fiscalYear: FY, targetEvents: events, databaseUrl: url });
      await store.connectionPool.query('VACUUM (ANALYZE) events');
    } finally {
      await store.close();
    }
  }
  const insurerCode = nationalInsurers(SEED).find((i) => i.prefectureCode === '13')?.code ?? nationalInsurers(SEED)[0].code;
  const { app, base } = await startBenchApp(url, { RATE_LIMIT_PER_IP_PER_MINUTE: '100000000' });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  try {
    progress('web pages: read models catching up with the year');
    await app.get(ProjectionRunner).waitFor(await app.get(EventStore).headPosition(), 600_000);
    const rows: BenchRow[] = [];
    const ways = signIns(insurerCode);
    for (const role of Object.keys(ways)) {
      const context = await browser.newContext({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await signIn(page, base, ways[role]);
      // The web app's as-of mode (apps/web/src/audit/as-of-mode.ts), read by each full load.
      if (role === 'national-reviewer') await page.evaluate(`sessionStorage.setItem('grants.asOf', '${await reviewPosition(url)}')`);
      for (const target of pages(insurerCode).filter((p) => p.role === role)) {
        progress(`web pages: ${target.name}`);
        const loads = [];
        try {
          await load(page, `${base}${target.path}`, target.data); // warm-up: the first load fills the service's caches
          for (let run = 0; run < RUNS; run += 1) loads.push(await load(page, `${base}${target.path}`, target.data));
        } catch (error) {
          rows.push({ scenario: `page ${target.name}`, value: `did not show its data (${target.data}): ${(error as Error).message.split('\n')[0]}` });
          continue;
        }
        const ms = median(loads.map((l) => l.ms));
        const reads = loads.flatMap((l) => l.reads);
        const api = await timeReads(base, reads, loads.find((l) => l.authorization)?.authorization);
        const missed = [ms > PAGE_TARGET_MS && 'page', api.p95 > API_TARGET_MS && 'API'].filter(Boolean);
        rows.push({
          scenario: `page ${target.name}`,
          value:
            `${ms.toFixed(0)} ms (API p95 ${api.p95.toFixed(0)} ms) — median of ${RUNS} loads; ${new Set(reads).size} API reads × ${READ_RUNS}, slowest ${api.slowest}; ` +
            `targets ${PAGE_TARGET_MS / 1000} s / ${API_TARGET_MS} ms${missed.length > 0 ? ` — MISSES (${missed.join(', ')})` : ''}`,
        });
      }
      await context.close();
    }
    return rows;
  } finally {
    await browser.close();
    await app.close();
  }
}

/** A database of its own on `serverUrl` (event store migrated), dropped afterwards. */
export async function benchWebPagesOnFreshDatabase(serverUrl: string, name: string, progress: (message: string) => void): Promise<BenchRow[]> {
  const database = `${name}_web`.slice(0, 63);
  await runAdminSql(serverUrl, `CREATE DATABASE ${quoteIdentifier(database)}`);
  try {
    const url = withDatabase(serverUrl, database);
    await openAndMigrate(createDataSource({ url, migrations: EVENT_STORE_MIGRATIONS })).then((ds) => ds.destroy());
    return await benchWebPages(url, progress);
  } finally {
    await runAdminSql(serverUrl, `DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`);
  }
}

if (require.main === module) {
  void (async () => {
    const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir: '.data/bench-pg', port: Number(process.env.BENCH_EMBEDDED_PG_PORT ?? 54328), database: 'grants_bench' });
    try {
      const progress = (m: string) => console.error(`bench: ${m}…`);
      // BENCH_WEB_DATABASE_URL: a database that already holds the year (`npm run demo`'s, seed 2024), used as it is.
      const given = process.env.BENCH_WEB_DATABASE_URL;
      const rows = given
        ? await benchWebPages(given, progress, { generate: false })
        : await benchWebPagesOnFreshDatabase(process.env.DATABASE_URL ?? embedded!.url, `grants_bench_${Date.now()}`, progress);
      for (const row of rows) console.log(`${row.scenario}: ${row.value}`);
    } finally {
      await embedded?.stop();
    }
  })().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
