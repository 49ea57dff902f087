import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import { createTestDatabase, TestDatabase } from '@grants/testing';
import { metadata } from '../contract/event-store.contract';
import { EventStore, ReadAllOptions, RecordedEvent } from '../event-store';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { verifyChain } from '../postgres/verify-chain';
import { Projection } from './projection';
import { CatchUpResult, ProjectionRunner } from './projection-runner';
import { StreamCatalogProjection, summariseStreams } from './stream-catalog.projection';

const at = new Date('2024-06-01T00:00:00.000Z');

function recorded(position: number, streamId: string, version: number, type = 'AnswerSaved'): RecordedEvent {
  return {
    eventId: randomUUID(),
    position: BigInt(position),
    streamId,
    streamVersion: BigInt(version),
    type,
    schemaVersion: 1,
    data: {},
    metadata: metadata('c'),
    recordedAt: new Date(at.getTime() + position * 1000),
  };
}

describe('stream catalog summary (pure)', () => {
  it('counts events per stream and keeps the last version, position and type', () => {
    const summary = summariseStreams([
      recorded(1, 'submission-FY2024-242055', 0, 'AnswerSaved'),
      recorded(2, 'fiscal_year-FY2024', 0, 'FiscalYearOpened'),
      recorded(3, 'submission-FY2024-242055', 1, 'SubmissionSubmitted'),
    ]);
    expect(summary).toEqual([
      expect.objectContaining({
        stream_id: 'submission-FY2024-242055',
        category: 'submission',
        event_count: 2,
        last_version: '1',
        last_position: '3',
        last_event_type: 'SubmissionSubmitted',
        first_recorded_at: '2024-06-01T00:00:01.000Z',
        last_recorded_at: '2024-06-01T00:00:03.000Z',
      }),
      expect.objectContaining({ stream_id: 'fiscal_year-FY2024', category: 'fiscal_year', event_count: 1 }),
    ]);
  });
});

describe('ProjectionRunner against PostgreSQL', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;

  beforeEach(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: db.url });
    dataSource = await new DataSource({ type: 'postgres', url: db.url }).initialize();
  });
  afterEach(async () => {
    await dataSource.destroy();
    await store.close();
    await db.drop();
  });

  async function seed(count: number, streams = 37): Promise<void> {
    const perAppend = 50;
    for (let i = 0; i < count; i += perAppend) {
      const n = Math.min(perAppend, count - i);
      await Promise.all(
        Array.from({ length: n }, (_, k) =>
          store.append(`submission-FY2024-${(i + k) % streams}`, [{ type: 'AnswerSaved', data: { seq: i + k } }], {
            expectedVersion: 'any',
            metadata: metadata(),
          }),
        ),
      );
    }
  }

  const catalog = () =>
    db.superuserQuery<Record<string, string>>(
      `SELECT stream_id, category, event_count::text, last_version::text, last_position::text, last_event_type,
              first_recorded_at::text, last_recorded_at::text FROM stream_catalog ORDER BY stream_id`,
    );
  const checkpoint = async () =>
    BigInt((await db.superuserQuery<{ p: string }>(`SELECT position::text AS p FROM projection_checkpoints WHERE name = 'stream_catalog'`))[0]?.p ?? 0);
  const projectedCount = async () =>
    Number((await db.superuserQuery<{ n: string }>('SELECT coalesce(sum(event_count), 0)::text AS n FROM stream_catalog'))[0].n);

  it('catches up from zero and follows new events while running', async () => {
    await seed(300);
    const runner = new ProjectionRunner(store, dataSource, [new StreamCatalogProjection()], { batchSize: 64, idleMillis: 5 });
    runner.start();
    try {
      await runner.waitFor(300n);
      await seed(120);
      await runner.waitFor(420n);
      expect(await projectedCount()).toBe(420);
      expect((await runner.status())[0]).toEqual({ name: 'stream_catalog', position: 420n, stalled: undefined });
    } finally {
      await runner.stop();
    }
  });

  it('gives, after a kill mid-batch and a restart, the same read model as a rebuild from zero', async () => {
    await seed(3000);
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', resolve('test/support/projector-process.ts'), db.url, '500'],
      { cwd: resolve('.'), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.json' } },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const exited = new Promise<NodeJS.Signals | number | null>((done) => child.on('exit', (code, signal) => done(signal ?? code)));
    await new Promise<void>((ready, fail) => {
      child.stdout.on('data', (chunk) => String(chunk).includes('MID_BATCH') && ready());
      child.on('exit', () => fail(new Error(`projector exited early: ${stderr}`)));
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    // Two whole batches committed; the third, killed before its commit, left no trace.
    expect(await checkpoint()).toBe(1000n);
    expect(await projectedCount()).toBe(1000);

    const runner = new ProjectionRunner(store, dataSource, [new StreamCatalogProjection()], { batchSize: 500 });
    expect(await runner.catchUp()).toEqual({ processed: 2000, position: 3000n });
    const resumed = await catalog();
    expect(await projectedCount()).toBe(3000);

    expect(await runner.rebuild()).toEqual({ processed: 3000, position: 3000n });
    expect(await catalog()).toEqual(resumed);
    // The kill touched the read model only: the log still verifies, event for event.
    expect(await verifyChain(store.connectionPool)).toMatchObject({ ok: true, checked: 3000 });
  }, 60_000);

  it('never applies a batch twice when two runners compete', async () => {
    await seed(1000);
    const runners = [1, 2].map(() => new ProjectionRunner(store, dataSource, [new StreamCatalogProjection()], { batchSize: 100 }));
    await Promise.all(runners.map((r) => r.catchUp()));
    expect(await projectedCount()).toBe(1000);
    expect(await checkpoint()).toBe(1000n);
  });

  it('halts at a poison event instead of skipping it, and resumes once it can be applied', async () => {
    await seed(10);
    await store.append('submission-FY2024-poison', [{ type: 'Unreadable', data: {} }], { expectedVersion: 'any', metadata: metadata() });
    await seed(5);
    let broken = true;
    const seen: bigint[] = [];
    const picky: Projection = {
      name: 'picky',
      canHandle: () => true,
      apply: async (events: readonly RecordedEvent[], _manager: EntityManager) => {
        if (broken && events.some((e) => e.type === 'Unreadable')) throw new Error('cannot read Unreadable');
        seen.push(...events.map((e) => e.position));
      },
      reset: async () => undefined,
    };
    const errors: string[] = [];
    const runner = new ProjectionRunner(store, dataSource, [picky], {
      batchSize: 4,
      idleMillis: 5,
      maxBackoffMillis: 50,
      logger: { log: () => undefined, error: (m) => errors.push(m) },
    });
    runner.start();
    try {
      await expect(runner.waitFor(16n, 500)).rejects.toThrow(/picky@8/);
      const [status] = await runner.status();
      expect(status.position).toBe(8n);
      expect(status.stalled).toMatchObject({ position: 8n, error: expect.stringContaining('Unreadable') });
      expect(errors[0]).toContain('stalled at 8');
      broken = false;
      await runner.waitFor(16n);
      expect(seen).toEqual(Array.from({ length: 16 }, (_, i) => BigInt(i + 1)));
    } finally {
      await runner.stop();
    }
  });

  describe('reading the next batch while one applies', () => {
    beforeEach(() => db.superuserQuery('CREATE TABLE seen_positions (seq bigserial PRIMARY KEY, position bigint NOT NULL)'));

    /** Records each applied position in the batch's transaction, so a rolled-back batch leaves no trace. */
    const recording = (fail?: (events: readonly RecordedEvent[]) => void): Projection => ({
      name: 'positions',
      canHandle: () => true,
      apply: async (events, manager) => {
        fail?.(events);
        await manager.query('INSERT INTO seen_positions (position) SELECT unnest($1::bigint[])', [events.map((e) => e.position.toString())]);
      },
      reset: async (manager) => {
        await manager.query('DELETE FROM seen_positions');
      },
    });
    /** Applied positions in the order they were applied. */
    const applied = async () => (await db.superuserQuery<{ p: string }>('SELECT position::text AS p FROM seen_positions ORDER BY seq')).map((r) => BigInt(r.p));
    const positions = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => BigInt(from + i));
    const positionsCheckpoint = async () =>
      BigInt((await db.superuserQuery<{ p: string }>(`SELECT position::text AS p FROM projection_checkpoints WHERE name = 'positions'`))[0].p);

    it.each([
      { how: 'catch-up', moveTo: 15 },
      // An operator's replay from an earlier position, under the live loop: what lies after 5 is applied again, as asked.
      { how: 'live loop', moveTo: 5 },
    ])('drops a read-ahead once the checkpoint was moved elsewhere ($how, moved to $moveTo)', async ({ how, moveTo }) => {
      await seed(60);
      // The row exists before batch 1 (a row that batch 1 created would be invisible to the other session's UPDATE).
      await db.superuserQuery(`INSERT INTO projection_checkpoints (name) VALUES ('positions')`);
      const firsts: bigint[] = [];
      let mover: Promise<unknown> | undefined;
      const runner = new ProjectionRunner(store, dataSource, [recording()], {
        batchSize: 10,
        idleMillis: 5,
        beforeCheckpoint: async (_name, events) => {
          firsts.push(events[0].position);
          if (firsts.length !== 1) return;
          // Batch 1 holds the checkpoint row and has started reading 11–20. Another session (another runner, or an
          // operator's replay) queues for the row and moves the checkpoint once batch 1 commits. PostgreSQL does not
          // promise it the row before batch 2: if it comes first, the read of 11–20 is the one dropped; if batch 2
          // comes first, it takes 11–20 and the read of 21–30 it started is dropped.
          mover = db.superuserQuery(`UPDATE projection_checkpoints SET position = ${moveTo} WHERE name = 'positions'`);
          for (let waited = 0; waited < 1000; waited += 1) {
            const [{ n }] = await db.superuserQuery<{ n: number }>(
              `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
                 AND query LIKE 'UPDATE projection_checkpoints SET position = ${moveTo} %'`,
            );
            if (n === 1) break;
            await new Promise((done) => setTimeout(done, 5));
          }
        },
      });
      let result: CatchUpResult | undefined;
      if (how === 'catch-up') {
        result = await runner.catchUp();
      } else {
        runner.start();
        try {
          await runner.waitFor(60n);
        } finally {
          await runner.stop();
        }
      }
      await mover;
      const moverFirst = firsts[1] === BigInt(moveTo + 1);
      const before = moverFirst ? positions(1, 10) : positions(1, 20);
      expect(await applied()).toEqual([...before, ...positions(moveTo + 1, 60)]);
      if (result) expect(result).toEqual({ processed: before.length + 60 - moveTo, position: 60n });
      expect(await positionsCheckpoint()).toBe(60n);
    });

    it('reads a batch again after it failed, whether its apply or its read-ahead failed', async () => {
      await seed(50);
      let applyFailures = 1;
      const runner = new ProjectionRunner(
        store,
        dataSource,
        [
          recording((events) => {
            if (events[0].position === 21n && applyFailures-- > 0) throw new Error('cannot apply 21');
          }),
        ],
        { batchSize: 10 },
      );
      // Batch 3 (21–30) was read ahead by batch 2 and had itself started reading 31–40.
      await expect(runner.catchUp()).rejects.toThrow('cannot apply 21');
      expect(await positionsCheckpoint()).toBe(20n);
      expect(await applied()).toEqual(positions(1, 20));

      // The read of 31–40, started ahead by batch 3, fails once: batch 4 fails as a read inside it would.
      let readFailures = 1;
      const flaky = {
        readAll: async (options?: ReadAllOptions) => {
          if (options?.after === 30n && readFailures-- > 0) throw new Error('connection lost');
          return store.readAll(options);
        },
      } as unknown as EventStore;
      const second = new ProjectionRunner(flaky, dataSource, [recording()], { batchSize: 10 });
      await expect(second.catchUp()).rejects.toThrow('connection lost');
      expect(await positionsCheckpoint()).toBe(30n);
      expect(await second.catchUp()).toEqual({ processed: 20, position: 50n });
      expect(await applied()).toEqual(positions(1, 50));
    });

    it('applies events appended during catch-up once each and in order, with two runners competing', async () => {
      await seed(400);
      let appendedInBatches = 0;
      const runners = [1, 2].map(
        () =>
          new ProjectionRunner(store, dataSource, [recording()], {
            batchSize: 25,
            // New events commit while a batch is in flight and the next one is being read ahead.
            beforeCheckpoint: async () => {
              if (appendedInBatches >= 100) return;
              appendedInBatches += 10;
              await seed(10);
            },
          }),
      );
      const appender = (async () => {
        for (let i = 0; i < 20; i += 1) await seed(5);
      })();
      const first = await Promise.all(runners.map((r) => r.catchUp()));
      await appender;
      const last = await runners[0].catchUp();
      const total = Number(await store.headPosition());
      expect(total).toBe(400 + 100 + 100);
      expect(first[0].processed + first[1].processed + last.processed).toBe(total);
      expect(await applied()).toEqual(positions(1, total));
      expect(await positionsCheckpoint()).toBe(BigInt(total));
    });
  });
});
