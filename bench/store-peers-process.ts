/**
 * One store of the peers bench (bench/store-peers.bench.ts) in a process of its own, driven over IPC: each message
 * names a scenario and a run, the reply says how many events it handled in how many seconds. A process per store,
 * because Emmett's driver (dumbo) replaces node-postgres's global int8 and jsonb parsers, which would otherwise change
 * what this project's store and plain node-postgres do in the same process.
 * Usage (forked): store-peers-process.ts <store|emmett|pg> <database url>.
 */
import { DataSource } from 'typeorm';
import { Pool } from 'pg';
import { ExpectedVersion, EventMetadata, NewEvent, PostgresEventStore, Projection, ProjectionRunner, readAllPages } from '@grants/event-store';

export type PeerStore = 'store' | 'emmett' | 'pg';
export type PeerScenario = 'append-1x8' | 'append-100x1' | 'append-100x4' | 'read-stream' | 'read-all' | 'catch-up';

export interface PeerTask {
  readonly scenario: PeerScenario | 'setup';
  readonly run: number;
}

export interface PeerMeasure {
  readonly events: number;
  readonly seconds: number;
}

/** How much each scenario does per run (the same for the three stores). */
export const PEER_WORKLOAD = {
  singleAppendsPerClient: 500,
  batchAppendsOneClient: 100,
  batchAppendsPerClientOfFour: 50,
  streamsPerClient: 10,
  longStreamReads: 50,
  pageSize: 5000,
} as const;

const LONG_STREAM = 'bench_long-1';

/** The events every store receives: the same types, data and metadata, in the same order. */
export function peerEvent(i: number): NewEvent {
  return {
    type: 'AnswerSaved',
    data: { fiscalYear: 'FY2024', insurerCode: '242055', indicatorId: `suishin-I-i-${i % 40}`, answer: i % 3 === 0 ? 'yes' : 'no', points: i % 7 },
  };
}

/** A command id per append, the same in every store (run, scenario, client and append number). */
export function peerMetadata(run: number, scenario: number, client: number, append: number): EventMetadata {
  const n = ((run * 10 + scenario) * 10 + client) * 100_000 + append;
  return { actorId: 'bench', actorRole: 'system', organisationCode: 'MHLW', commandId: `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}` };
}

/** What the bench needs of a store: append with an optimistic version, read a stream, page the global order, catch up. */
interface PeerAdapter {
  /** Appends to a stream whose version this client tracks; `appended` is how many events the stream holds before. */
  append(streamId: string, appended: number, events: readonly NewEvent[], metadata: EventMetadata): Promise<void>;
  readStream(streamId: string): Promise<number>;
  /** Reads the whole global order page by page; returns how many events it saw. */
  readAll(): Promise<number>;
  /** Runs a projection that counts events from position zero under its own name, with its checkpoint saved per batch. */
  catchUp(name: string): Promise<number>;
  close(): Promise<void>;
}

async function storeAdapter(url: string): Promise<PeerAdapter> {
  const store = new PostgresEventStore({ connectionString: url, poolSize: 8 });
  const dataSource = await new DataSource({ type: 'postgres', url, poolSize: 2 }).initialize();
  const versions = new Map<string, ExpectedVersion>();
  return {
    async append(streamId, appended, events, metadata) {
      const expectedVersion: ExpectedVersion = appended === 0 ? 'no_stream' : (versions.get(streamId) ?? BigInt(appended - 1));
      const result = await store.append(streamId, events, { expectedVersion, metadata });
      versions.set(streamId, result.nextExpectedVersion);
    },
    async readStream(streamId) {
      return (await store.readStream(streamId, { maxCount: 1000 })).length;
    },
    async readAll() {
      let count = 0;
      for await (const page of readAllPages(store, { pageSize: PEER_WORKLOAD.pageSize })) count += page.length;
      return count;
    },
    async catchUp(name) {
      const counting: Projection = { name, canHandle: () => true, apply: async () => undefined, reset: async () => undefined };
      const runner = new ProjectionRunner(store, dataSource, [counting], { batchSize: PEER_WORKLOAD.pageSize });
      return (await runner.catchUp()).processed;
    },
    async close() {
      await dataSource.destroy();
      await store.close();
    },
  };
}

async function emmettAdapter(url: string): Promise<PeerAdapter> {
  // Loaded here only: importing Emmett installs dumbo's global node-postgres parsers.
  const { dumbo } = await import('@event-driven-io/dumbo');
  const { STREAM_DOES_NOT_EXIST } = await import('@event-driven-io/emmett');
  const { getPostgreSQLEventStore, postgreSQLEventStoreConsumer, readMessagesBatch } = await import('@event-driven-io/emmett-postgresql');
  const pool = dumbo({ connectionString: url });
  const store = getPostgreSQLEventStore(url, { connectionOptions: { dumbo: pool } });
  await store.schema.migrate();
  const versions = new Map<string, bigint>();
  return {
    async append(streamId, appended, events, metadata) {
      const expectedStreamVersion = appended === 0 ? STREAM_DOES_NOT_EXIST : (versions.get(streamId) ?? BigInt(appended));
      const result = await store.appendToStream(
        streamId,
        events.map((e) => ({ type: e.type, data: e.data, metadata: { ...metadata } })),
        { expectedStreamVersion },
      );
      versions.set(streamId, result.nextExpectedStreamVersion);
    },
    async readStream(streamId) {
      return (await store.readStream(streamId)).events.length;
    },
    async readAll() {
      let count = 0;
      let after = 0n;
      for (;;) {
        const batch = await readMessagesBatch(pool.execute, { after, batchSize: PEER_WORKLOAD.pageSize });
        count += batch.messages.length;
        after = batch.currentGlobalPosition;
        if (!batch.areMessagesLeft) return count;
      }
    },
    async catchUp(name) {
      let count = 0;
      const consumer = postgreSQLEventStoreConsumer({
        connectionString: url,
        pool,
        stopWhen: { noMessagesLeft: true },
        pulling: { batchSize: PEER_WORKLOAD.pageSize, pullingFrequencyInMs: 0 },
      });
      consumer.reactor({
        processorId: name,
        startFrom: 'BEGINNING',
        // Emmett 0.42's reactor takes messages one by one (it stores its checkpoint after each, in the batch's transaction).
        eachMessage: async () => {
          count += 1;
        },
      });
      await consumer.start();
      await consumer.stop();
      return count;
    },
    async close() {
      await store.close();
    },
  };
}

/** Plain node-postgres: one table, one INSERT per append in its own transaction, the unique key as the version check. */
async function pgAdapter(url: string): Promise<PeerAdapter> {
  const pool = new Pool({ connectionString: url, max: 8 });
  await pool.query(`CREATE TABLE IF NOT EXISTS events (
      position bigserial PRIMARY KEY,
      stream_id text NOT NULL,
      version bigint NOT NULL,
      type text NOT NULL,
      data jsonb NOT NULL,
      metadata jsonb NOT NULL,
      UNIQUE (stream_id, version));
    CREATE TABLE IF NOT EXISTS checkpoints (name text PRIMARY KEY, position bigint NOT NULL)`);
  // node-postgres returns bigint columns as decimal strings.
  const columns = 'position, stream_id, version, type, data, metadata';
  const page = (after: string) =>
    pool.query<{ position: string }>(`SELECT ${columns} FROM events WHERE position > $1 ORDER BY position LIMIT $2`, [after, PEER_WORKLOAD.pageSize]);
  return {
    async append(streamId, appended, events, metadata) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(
          `INSERT INTO events (stream_id, version, type, data, metadata)
             SELECT $1, $2::bigint + n - 1, t, d, $5::jsonb FROM unnest($3::text[], $4::jsonb[]) WITH ORDINALITY AS e(t, d, n)
           RETURNING position`,
          [streamId, appended, events.map((e) => e.type), events.map((e) => JSON.stringify(e.data)), JSON.stringify(metadata)],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
    async readStream(streamId) {
      const { rows } = await pool.query(
        `SELECT ${columns} FROM events WHERE stream_id = $1 ORDER BY version LIMIT 1000`,
        [streamId],
      );
      return rows.length;
    },
    async readAll() {
      let count = 0;
      let after = '0';
      for (;;) {
        const { rows } = await page(after);
        if (rows.length === 0) return count;
        count += rows.length;
        after = rows[rows.length - 1].position;
      }
    },
    async catchUp(name) {
      let count = 0;
      await pool.query('INSERT INTO checkpoints (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING', [name]);
      for (;;) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const { rows: checkpoint } = await client.query<{ position: string }>('SELECT position FROM checkpoints WHERE name = $1 FOR UPDATE', [name]);
          const { rows } = await client.query<{ position: string }>(`SELECT ${columns} FROM events WHERE position > $1 ORDER BY position LIMIT $2`, [
            checkpoint[0].position,
            PEER_WORKLOAD.pageSize,
          ]);
          if (rows.length > 0) await client.query('UPDATE checkpoints SET position = $2 WHERE name = $1', [name, rows[rows.length - 1].position]);
          await client.query('COMMIT');
          count += rows.length;
          if (rows.length < PEER_WORKLOAD.pageSize) return count;
        } finally {
          client.release();
        }
      }
    },
    async close() {
      await pool.end();
    },
  };
}

const SCENARIO_NUMBER: Record<PeerScenario, number> = {
  'append-1x8': 1,
  'append-100x1': 2,
  'append-100x4': 3,
  'read-stream': 4,
  'read-all': 5,
  'catch-up': 6,
};

/** `clients` clients append `appends` times each, `size` events per append, round-robin over their own streams. */
async function appendScenario(adapter: PeerAdapter, task: PeerTask, clients: number, appends: number, size: number, streams: number): Promise<number> {
  const scenario = SCENARIO_NUMBER[task.scenario as PeerScenario];
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      const lengths = new Array<number>(streams).fill(0);
      for (let a = 0; a < appends; a += 1) {
        const s = a % streams;
        const events = Array.from({ length: size }, (_, i) => peerEvent(a * size + i));
        await adapter.append(`bench_peer${scenario}-r${task.run}c${client}s${s}`, lengths[s], events, peerMetadata(task.run, scenario, client, a));
        lengths[s] += size;
      }
    }),
  );
  return clients * appends * size;
}

async function runTask(adapter: PeerAdapter, task: PeerTask): Promise<PeerMeasure> {
  const w = PEER_WORKLOAD;
  if (task.scenario === 'setup') {
    await adapter.append(LONG_STREAM, 0, Array.from({ length: 1000 }, (_, i) => peerEvent(i)), peerMetadata(0, 0, 0, 0));
    return { events: 1000, seconds: 0 };
  }
  const started = process.hrtime.bigint();
  let events: number;
  switch (task.scenario) {
    case 'append-1x8':
      events = await appendScenario(adapter, task, 8, w.singleAppendsPerClient, 1, 1);
      break;
    case 'append-100x1':
      events = await appendScenario(adapter, task, 1, w.batchAppendsOneClient, 100, w.streamsPerClient);
      break;
    case 'append-100x4':
      events = await appendScenario(adapter, task, 4, w.batchAppendsPerClientOfFour, 100, w.streamsPerClient);
      break;
    case 'read-stream':
      events = 0;
      for (let i = 0; i < w.longStreamReads; i += 1) {
        const read = await adapter.readStream(LONG_STREAM);
        if (read !== 1000) throw new Error(`short read of ${LONG_STREAM}: ${read}`);
        events += read;
      }
      break;
    case 'read-all':
      events = await adapter.readAll();
      break;
    case 'catch-up':
      events = await adapter.catchUp(`bench-count-${task.run}`);
      break;
  }
  return { events, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

async function serve(kind: PeerStore, url: string): Promise<void> {
  const adapter = kind === 'store' ? await storeAdapter(url) : kind === 'emmett' ? await emmettAdapter(url) : await pgAdapter(url);
  process.on('message', (message: PeerTask) => {
    runTask(adapter, message).then(
      (measure) => process.send!({ ok: true, ...measure }),
      (error: unknown) => process.send!({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
  });
  process.once('disconnect', () => {
    adapter.close().finally(() => process.exit(0));
  });
  process.send!({ ready: true });
}

if (require.main === module) {
  serve(process.argv[2] as PeerStore, process.argv[3]).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
