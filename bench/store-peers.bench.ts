/**
 * The store against its peers: the same workload, with the same events, on this project's PostgreSQL store,
 * on Emmett's PostgreSQL event store and on plain node-postgres (one table, one INSERT per append in a transaction),
 * in one run. Each store has a fresh database of its own and a process of its own (bench/store-peers-process.ts);
 * the three take turns in an order that rotates between runs and scenarios. Rows: events/s, median of 3 runs, and the
 * ratios this store / pg and this store / Emmett.
 *
 * Alone: `node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/store-peers.bench.ts` (DATABASE_URL's
 * server, or an embedded PostgreSQL).
 */
import { ChildProcess, fork } from 'node:child_process';
import { resolve } from 'node:path';
import { createDataSource, openAndMigrate, quoteIdentifier, runAdminSql, startEmbeddedPostgres } from '@grants/database';
import { EVENT_STORE_MIGRATIONS } from '@grants/event-store';
import { withDatabase } from '@grants/testing';
import type { BenchRow } from './event-store.bench';
import type { PeerMeasure, PeerScenario, PeerStore, PeerTask } from './store-peers-process';

const RUNS = 3;
const STORES: readonly PeerStore[] = ['store', 'emmett', 'pg'];
const LABEL: Record<PeerStore, string> = { store: 'store', emmett: 'Emmett 0.42', pg: 'pg' };

/** Writes first (each run adds its own streams), then reads and catch-up over the same full log in every store. */
const SCENARIOS: readonly { readonly id: PeerScenario; readonly title: string }[] = [
  { id: 'append-1x8', title: '1 event per append, 8 clients' },
  { id: 'append-100x1', title: '100 per append, 1 client' },
  { id: 'append-100x4', title: '100 per append, 4 clients' },
  { id: 'read-stream', title: 'read one 1,000-event stream' },
  { id: 'read-all', title: 'read all in global order' },
  { id: 'catch-up', title: 'projection catch-up from zero' },
];

/** A store's process: one task at a time. */
class PeerProcess {
  private constructor(private readonly child: ChildProcess) {}

  static async start(kind: PeerStore, url: string): Promise<PeerProcess> {
    const child = fork(resolve(__dirname, 'store-peers-process.ts'), [kind, url], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    await new Promise<void>((ready, failed) => {
      child.once('message', () => ready());
      child.once('exit', (code) => failed(new Error(`the ${kind} bench process exited (${code})`)));
    });
    return new PeerProcess(child);
  }

  run(task: PeerTask): Promise<PeerMeasure> {
    return new Promise((done, failed) => {
      const onExit = (code: number | null) => failed(new Error(`a bench process exited (${code}) during ${task.scenario}`));
      this.child.once('exit', onExit);
      this.child.once('message', (reply: { ok: boolean; error?: string } & PeerMeasure) => {
        this.child.off('exit', onExit);
        if (reply.ok) done({ events: reply.events, seconds: reply.seconds });
        else failed(new Error(`${task.scenario}: ${reply.error}`));
      });
      this.child.send(task);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || !this.child.connected) return;
    const exited = new Promise((done) => this.child.once('exit', done));
    this.child.disconnect();
    await exited;
  }
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const perSecond = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Creates one database per store on the server, runs the scenarios, drops the databases; returns one row per scenario. */
export async function benchStorePeers(serverUrl: string, baseName: string, progress: (message: string) => void): Promise<BenchRow[]> {
  const databases = Object.fromEntries(STORES.map((kind) => [kind, `${baseName}_peer_${kind}`])) as Record<PeerStore, string>;
  const processes = new Map<PeerStore, PeerProcess>();
  try {
    for (const kind of STORES) {
      await runAdminSql(serverUrl, `CREATE DATABASE ${quoteIdentifier(databases[kind])}`);
      const url = withDatabase(serverUrl, databases[kind]);
      if (kind === 'store') await openAndMigrate(createDataSource({ url, migrations: EVENT_STORE_MIGRATIONS })).then((ds) => ds.destroy());
      processes.set(kind, await PeerProcess.start(kind, url));
    }
    for (const kind of STORES) await processes.get(kind)!.run({ scenario: 'setup', run: 0 });

    const rates = new Map<PeerScenario, Record<PeerStore, number[]>>(SCENARIOS.map((s) => [s.id, { store: [], emmett: [], pg: [] }]));
    const counts = new Map<PeerScenario, Record<PeerStore, number[]>>(SCENARIOS.map((s) => [s.id, { store: [], emmett: [], pg: [] }]));
    const phases = [SCENARIOS.filter((s) => s.id.startsWith('append')), SCENARIOS.filter((s) => !s.id.startsWith('append'))];
    for (const phase of phases) {
      for (let run = 0; run < RUNS; run += 1) {
        for (const scenario of phase) {
          const turn = (run + SCENARIOS.indexOf(scenario)) % STORES.length;
          const order = [...STORES.slice(turn), ...STORES.slice(0, turn)];
          progress(`peers: ${scenario.title}, run ${run + 1} of ${RUNS} (${order.map((k) => LABEL[k]).join(', ')})`);
          for (const kind of order) {
            const measure = await processes.get(kind)!.run({ scenario: scenario.id, run });
            rates.get(scenario.id)![kind].push(measure.events / measure.seconds);
            counts.get(scenario.id)![kind].push(measure.events);
          }
        }
      }
    }

    return SCENARIOS.map((scenario) => {
      const m = Object.fromEntries(STORES.map((kind) => [kind, median(rates.get(scenario.id)![kind])])) as Record<PeerStore, number>;
      // Every store holds the same events, so at least two of the three hand over the same count in a run (the
      // median): a store that handed over fewer (skipped events) or more (events twice) says so, against that count.
      const seen = counts.get(scenario.id)!;
      const agreed = seen.store.map((_, run) => median(STORES.map((kind) => seen[kind][run])));
      const short = STORES.filter((kind) => seen[kind].some((n, run) => n !== agreed[run])).map((kind) => {
        const how = seen[kind].some((n, run) => n < agreed[run]) ? (seen[kind].some((n, run) => n > agreed[run]) ? 'fewer and more' : 'fewer') : 'more';
        return ` (${LABEL[kind]} handed over ${seen[kind].join('/')} of ${agreed.join('/')} events: ${how})`;
      });
      return {
        scenario: `peers: ${scenario.title}`,
        value:
          `store ${perSecond(m.store)} · pg ${perSecond(m.pg)} · Emmett 0.42 ${perSecond(m.emmett)} events/s; ` +
          `store/pg ${(m.store / m.pg).toFixed(2)}, store/Emmett ${(m.store / m.emmett).toFixed(2)}${short.join('')}`,
      };
    });
  } finally {
    for (const child of processes.values()) await child.stop().catch(() => undefined);
    for (const kind of STORES) await runAdminSql(serverUrl, `DROP DATABASE IF EXISTS ${quoteIdentifier(databases[kind])} WITH (FORCE)`);
  }
}

if (require.main === module) {
  (async () => {
    const embedded = process.env.DATABASE_URL
      ? undefined
      : await startEmbeddedPostgres({ dataDir: '.data/bench-pg', port: Number(process.env.BENCH_EMBEDDED_PG_PORT ?? 54328), database: 'grants_bench' });
    try {
      const rows = await benchStorePeers(process.env.DATABASE_URL ?? embedded!.url, `grants_bench_${Date.now()}`, (m) => console.error(`bench: ${m}…`));
      for (const row of rows) console.log(`${row.scenario}  ${row.value}`);
    } finally {
      await embedded?.stop();
    }
  })().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
