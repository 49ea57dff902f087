/**
 * Audit scenarios on a whole national fiscal year (about 300,000 events, 1,741 insurers) generated from the domain's
 * deciders: how fast the year is written, replayed (read + upcast + recompute every decision) and verified (hash
 * chain). The year goes into a fresh database of its own, so that the figures are about its events alone.
 */
import { FiscalYearReplay, ReplayReport } from '@grants/domain';
import { createDataSource, openAndMigrate, quoteIdentifier, runAdminSql } from '@grants/database';
import { EVENT_STORE_MIGRATIONS, PostgresEventStore, readAllPages, Upcasters, verifyChain } from '@grants/event-store';
import { withDatabase } from '@grants/testing';
import { API_UPCASTERS } from '../apps/api/src/commands/upcasters';
import { BenchRow } from './event-store.bench';
import { benchNationalDecisions, benchNationalReads, median } from './national.bench';
import { generateNationalFiscalYear } from './national/national-fiscal-year';

const REPLAY_TARGET = 100_000;
const VERIFY_TARGET = 300_000;
const RUNS = 3;

const perSecond = (events: number, seconds: number) => Math.round(events / seconds).toLocaleString('en-US');
const count = (n: number) => n.toLocaleString('en-US');
const since = (startedNs: bigint) => Number(process.hrtime.bigint() - startedNs) / 1e9;

/** `url`: the bench's database; the year is generated into a new database next to it, dropped afterwards. */
export async function benchAudit(url: string, progress: (message: string) => void, options: { seed?: number; targetEvents?: number } = {}): Promise<BenchRow[]> {
  const name = `${new URL(url).pathname.slice(1)}_national`.slice(0, 63);
  const yearUrl = withDatabase(url, name);
  await runAdminSql(url, `CREATE DATABASE ${quoteIdentifier(name)}`);
  try {
    await openAndMigrate(createDataSource({ url: yearUrl, migrations: EVENT_STORE_MIGRATIONS })).then((ds) => ds.destroy());
    const rows = await benchYear(yearUrl, progress, options.seed ?? 2024, options.targetEvents ?? 300_000);
    rows.push(...(await benchOnTheYear(yearUrl, progress)));
    return rows;
  } finally {
    await runAdminSql(url, `DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
  }
}

async function benchYear(url: string, progress: (message: string) => void, seed: number, targetEvents: number): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const store = new PostgresEventStore({ connectionString: url, poolSize: 8 });
  try {
    // Without statistics the planner reads the whole table for each group commit's command-id lookup. Where
    // autovacuum is off (as on CI's and this bench's servers) the table is analysed as autovacuum would: whenever it
    // has grown by 10% since the last time.
    const pool = store.connectionPool;
    const autovacuum = (await pool.query<{ autovacuum: string }>('SHOW autovacuum')).rows[0].autovacuum === 'on';
    let analysedAt = 0;
    let analysing: Promise<unknown> = Promise.resolve();
    progress(`national fiscal year FY2024: generating about ${count(targetEvents)} events`);
    let started = process.hrtime.bigint();
    const generated = await generateNationalFiscalYear(store, {
      seed,
      databaseUrl: url,
      fiscalYear: 'FY2024',
      targetEvents,
      onProgress: (events) => {
        if (!autovacuum && events >= analysedAt * 1.1 + 5_000) {
          analysedAt = events;
          analysing = analysing.then(() => pool.query('ANALYZE events')).catch(() => undefined);
        }
      },
    });
    await analysing;
    const generation = since(started);
    // An audit reads a settled log: vacuumed (hint bits set, visibility map current) and checkpointed, as autovacuum
    // and the checkpointer leave a table some minutes after a bulk load. Measured right after the load instead, the
    // first reads pay for writing hint bits on every page.
    progress('settling the table (VACUUM ANALYZE, CHECKPOINT)');
    await pool.query('VACUUM (ANALYZE) events');
    await pool.query('CHECKPOINT').catch(() => undefined);
    rows.push({
      scenario: 'national year: generate (commands through the CommandBus → store)',
      value: `${perSecond(generated.events, generation)} events/s (${count(generated.events)} events, ${count(generated.insurers)} insurers, in ${generation.toFixed(1)} s)`,
    });

    // In an auditor's order: the chain first (is the log what was recorded?), then the replay (does it give the
    // recorded numbers?).
    const verifications: number[] = [];
    let checked = 0;
    for (let run = 0; run <= RUNS; run += 1) {
      progress(run === 0 ? 'verify hash chain (warm-up)' : `verify hash chain (${run}/${RUNS})`);
      started = process.hrtime.bigint();
      const result = await verifyChain(store.connectionPool);
      if (run > 0) verifications.push(since(started));
      if (!result.ok) throw new Error(`verify failed: ${result.failure?.message}`);
      checked = result.checked;
    }
    const verify = median(verifications);
    rows.push({
      scenario: 'national year: verify hash chain (verifyChain)',
      value: `${perSecond(checked, verify)} events/s, median of ${RUNS} after a warm-up (target ≥ ${count(VERIFY_TARGET)}): ${count(checked)} events in ${verify.toFixed(2)} s`,
    });
    const upcasters = new Upcasters(API_UPCASTERS);
    const replays: { seconds: number; read: number; report: ReplayReport }[] = [];
    // Run 0 warms up (JIT, caches) and is not counted; runs 1…RUNS are.
    for (let run = 0; run <= RUNS; run += 1) {
      progress(run === 0 ? 'replay FY2024 (warm-up)' : `replay FY2024 (${run}/${RUNS})`);
      started = process.hrtime.bigint();
      // Streamed as the CLI's replay does: the next page is read while this one is folded.
      const replay = new FiscalYearReplay('FY2024');
      let read = 0;
      for await (const page of readAllPages(store)) {
        const pageStarted = process.hrtime.bigint();
        for (const event of page) replay.apply(upcasters.upcast(event));
        read -= since(pageStarted);
      }
      read += since(started);
      const report = replay.report();
      if (report.mismatches.length > 0) throw new Error(`replay did not reproduce the national year: ${JSON.stringify(report.mismatches.slice(0, 3))}`);
      if (run > 0) replays.push({ seconds: since(started), read, report });
    }
    const replay = replays.find((r) => r.seconds === median(replays.map((x) => x.seconds))) as (typeof replays)[number];
    const { report } = replay;
    const mismatches = Math.max(...replays.map((r) => r.report.mismatches.length));
    rows.push({
      scenario: 'national year: replay (readAll + upcast + replayFiscalYear)',
      value:
        `${perSecond(report.events, replay.seconds)} events/s, median of ${RUNS} after a warm-up (target ≥ ${count(REPLAY_TARGET)}): ${count(report.events)} events in ` +
        `${replay.seconds.toFixed(2)} s (waiting for pages ${replay.read.toFixed(2)} s), ${report.decisions} decisions, ${mismatches} mismatches` +
        (mismatches > 0 ? ' — NOT REPRODUCED' : ''),
    });

  } finally {
    await store.close();
  }
  return rows;
}

/** Scoring, allocation and the service's reads on the generated year (bench/national.bench.ts). */
async function benchOnTheYear(url: string, progress: (message: string) => void): Promise<BenchRow[]> {
  const store = new PostgresEventStore({ connectionString: url, poolSize: 2 });
  const upcasters = new Upcasters(API_UPCASTERS);
  const events = [];
  try {
    for await (const page of readAllPages(store)) for (const event of page) events.push(upcasters.upcast(event));
  } finally {
    await store.close();
  }
  progress('scoring of the nation and allocation on the national year');
  const rows = benchNationalDecisions('FY2024', events);
  const registered = events.find((e) => e.type === 'InsurersRegistered')?.data as { insurers: { code: string }[] } | undefined;
  events.length = 0;
  progress('the service on the national year: projections from zero, rankings, lists, a timeline');
  rows.push(...(await benchNationalReads(url, 'FY2024', registered?.insurers[0]?.code ?? '011002')));
  return rows;
}
