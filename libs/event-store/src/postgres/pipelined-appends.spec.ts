import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase, TestDatabase } from '@grants/testing';
import { metadata } from '../contract/event-store.contract';
import { NewEvent } from '../event-store';
import { PostgresEventStore } from './postgres-event-store';
import { verifyChain } from './verify-chain';

const batch = (n: number, tag: string): NewEvent[] => Array.from({ length: n }, (_, i) => ({ type: 'AnswerSaved', data: { tag, i } }));

/**
 * Groups in flight at once: a group inserts while the one before it commits, and commits only after it. A group
 * behind one that fails rolls back and runs again; the append lock goes to another session that waits for it.
 */
describe('PostgreSQL event store: pipelined groups', () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await db.drop();
  });

  it('rolls back a group behind one that fails, then writes it after the last stored event, leaving no hole', async () => {
    let failures = 0;
    let inserted!: () => void;
    const firstInserted = new Promise<void>((resolve) => (inserted = resolve));
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    const store = new PostgresEventStore({
      connectionString: db.url,
      beforeCommit: async (events) => {
        if (events[0].streamId !== 'doomed') return;
        failures += 1;
        inserted();
        await firstHeld;
        throw new Error('crash before commit');
      },
    });
    try {
      await store.append('before', batch(2, 'before'), { expectedVersion: 'no_stream', metadata: metadata() });
      const doomed = store.append('doomed', batch(100, 'doomed'), { expectedVersion: 'no_stream', metadata: metadata() });
      await firstInserted;
      // Queued behind the held group with enough events to start a group of its own at once.
      const behind = store.append('behind', batch(100, 'behind'), { expectedVersion: 'no_stream', metadata: metadata() });
      await sleep(200);
      releaseFirst();
      await expect(doomed).rejects.toThrow('crash before commit');
      const written = await behind;
      expect(failures).toBe(1);
      expect(written.events.map((e) => e.position)).toEqual(Array.from({ length: 100 }, (_, i) => BigInt(i + 3)));
      const all = await store.readAll({ maxCount: 1000 });
      expect(all.map((e) => e.position)).toEqual(Array.from({ length: 102 }, (_, i) => BigInt(i + 1)));
      expect(all.some((e) => e.streamId === 'doomed')).toBe(false);
      expect(await verifyChain(store.connectionPool)).toMatchObject({ ok: true, checked: 102 });
    } finally {
      releaseFirst();
      await store.close();
    }
  });

  it('keeps positions gapless and in commit order while large appends overlap, and each stream in version order', async () => {
    const store = new PostgresEventStore({ connectionString: db.url, poolSize: 6 });
    try {
      await Promise.all(
        Array.from({ length: 4 }, async (_, client) => {
          for (let i = 0; i < 10; i += 1) {
            await store.append(`client-${client}`, batch(100, `${client}-${i}`), { expectedVersion: i === 0 ? 'no_stream' : BigInt(i * 100 - 1), metadata: metadata() });
          }
        }),
      );
      const all = await store.readAll({ maxCount: 5000 });
      expect(all.map((e) => e.position)).toEqual(Array.from({ length: 4000 }, (_, i) => BigInt(i + 1)));
      for (let client = 0; client < 4; client += 1) {
        const versions = all.filter((e) => e.streamId === `client-${client}`).map((e) => e.streamVersion);
        expect(versions).toEqual(Array.from({ length: 1000 }, (_, i) => BigInt(i)));
      }
      expect(await verifyChain(store.connectionPool)).toMatchObject({ ok: true, checked: 4000 });
    } finally {
      await store.close();
    }
  });

  it('hands the append lock to another session that waits for it, while the first keeps appending', async () => {
    const busy = new PostgresEventStore({ connectionString: db.url });
    const other = new PostgresEventStore({ connectionString: db.url });
    let stop = false;
    const load = Promise.all(
      Array.from({ length: 4 }, async (_, client) => {
        for (let i = 0; !stop; i += 1) await busy.append(`busy-${client}`, batch(80, `${client}-${i}`), { expectedVersion: 'any', metadata: metadata() });
      }),
    );
    try {
      await sleep(300);
      const result = await other.append('other', batch(1, 'other'), { expectedVersion: 'no_stream', metadata: metadata() });
      stop = true;
      await load;
      const all = await busy.readAll({ maxCount: 100_000 });
      expect(all.map((e) => e.position)).toEqual(all.map((_, i) => BigInt(i + 1)));
      // The other session got its turn while the busy one was appending: busy events on both sides of it.
      const position = result.events[0].position;
      expect(all.some((e) => e.streamId.startsWith('busy-') && e.position < position)).toBe(true);
      expect(all.some((e) => e.streamId.startsWith('busy-') && e.position > position)).toBe(true);
      expect(await verifyChain(busy.connectionPool)).toMatchObject({ ok: true });
    } finally {
      stop = true;
      await load.catch(() => undefined);
      await busy.close();
      await other.close();
    }
  });
});
