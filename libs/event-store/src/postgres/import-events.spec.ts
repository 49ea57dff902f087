import { randomUUID } from 'node:crypto';
import { createTestDatabase, TestDatabase } from '@grants/testing';
import { EventMetadata } from '../event-store';
import { ExportedEvent, importRecordedEvents, ImportRefused } from './import-events';
import { PostgresEventStore } from './postgres-event-store';
import { verifyChain } from './verify-chain';

const metadata = (): EventMetadata => ({ commandId: randomUUID(), actorId: 'importer-test', actorRole: 'national-admin', organisationCode: 'MHLW' });

describe('importRecordedEvents: the restore path of the PostgreSQL store', () => {
  let source: TestDatabase;
  let target: TestDatabase;
  let sourceStore: PostgresEventStore;
  let targetStore: PostgresEventStore;
  let exported: ExportedEvent[];
  const rows = (db: TestDatabase) => db.superuserQuery<{ row: unknown }>('SELECT to_jsonb(e) AS row FROM events e ORDER BY position');
  const count = async (db: TestDatabase) => (await db.superuserQuery<{ n: number }>('SELECT count(*)::int AS n FROM events'))[0].n;

  beforeAll(async () => {
    source = await createTestDatabase();
    sourceStore = new PostgresEventStore({ connectionString: source.url });
    await sourceStore.append('grant-a', [{ type: 'Opened', data: { yen: '1000', name: '桑名市' } }, { type: 'Noted', data: { n: 1.5 } }], { expectedVersion: 'no_stream', metadata: metadata() });
    await sourceStore.append('grant-b', [{ type: 'Opened', data: { list: [1, 'two', null], nested: { z: 1, a: 2 } } }], { expectedVersion: 'no_stream', metadata: metadata() });
    await sourceStore.append('grant-a', [{ type: 'Closed', data: {} }], { expectedVersion: 1n, metadata: metadata() });
    const payloads = new Map(
      (await source.superuserQuery<{ position: string; payload: string }>('SELECT position::text AS position, payload FROM events')).map((r) => [r.position, r.payload]),
    );
    exported = (await sourceStore.readAll()).map((e) => ({ ...e, hash: e.hash as string, hashVersion: e.hashVersion ?? 1, payload: payloads.get(e.position.toString()) }));
  });
  beforeEach(async () => {
    target = await createTestDatabase();
    targetStore = new PostgresEventStore({ connectionString: target.url });
  });
  afterEach(async () => {
    await targetStore.close();
    await target.drop();
  });
  afterAll(async () => {
    await sourceStore.close();
    await source.drop();
  });

  it('writes the events exactly as recorded, batch after batch, and the store then appends after them', async () => {
    await expect(importRecordedEvents(targetStore.connectionPool, exported.slice(0, 2))).resolves.toEqual({ position: 2n, hash: exported[1].hash });
    await expect(importRecordedEvents(targetStore.connectionPool, exported.slice(2))).resolves.toEqual({ position: 4n, hash: exported[3].hash });
    expect(await rows(target)).toEqual(await rows(source));
    // The restored log goes on: positions, stream versions and the chain continue from it.
    const next = await targetStore.append('grant-a', [{ type: 'Reopened', data: {} }], { expectedVersion: 2n, metadata: metadata() });
    expect(next.events[0]).toMatchObject({ position: 5n, streamVersion: 3n });
    await expect(verifyChain(targetStore.connectionPool)).resolves.toMatchObject({ ok: true, checked: 5, head: { position: 5n, hash: next.events[0].hash } });
  });

  it('refuses a batch that does not continue the log, or does not chain, and stores nothing of it', async () => {
    await expect(importRecordedEvents(targetStore.connectionPool, exported.slice(1))).rejects.toThrow('Event at position 2 does not continue the log, which ends at 0');
    const altered = exported.map((e, i) => (i === 2 ? { ...e, data: { ...e.data, list: [1, 'three', null] }, payload: undefined } : e));
    await expect(importRecordedEvents(targetStore.connectionPool, altered)).rejects.toThrow(
      "Event at position 3 does not chain: its hash does not match its content and the previous event's hash",
    );
    const disagreeing = exported.map((e, i) => (i === 1 ? { ...e, data: { n: 2 } } : e));
    await expect(importRecordedEvents(targetStore.connectionPool, disagreeing)).rejects.toThrow('its stored bytes (payload) do not say what its fields say');
    expect(await count(target)).toBe(0);
    // Once the log holds the first events, the same batch again is refused (no duplicates).
    await importRecordedEvents(targetStore.connectionPool, exported.slice(0, 2));
    await expect(importRecordedEvents(targetStore.connectionPool, exported.slice(0, 2))).rejects.toBeInstanceOf(ImportRefused);
    expect(await count(target)).toBe(2);
  });

  it('refuses, cleanly, when an append in progress takes the positions first (it reads the head under the appenders\' lock)', async () => {
    let inside!: () => void;
    let release!: () => void;
    const entered = new Promise<void>((resolve) => (inside = resolve));
    const held = new Promise<void>((resolve) => (release = resolve));
    const holding = new PostgresEventStore({ connectionString: target.url, beforeCommit: () => (inside(), held) });
    try {
      const append = holding.append('grant-z', [{ type: 'Opened', data: {} }], { expectedVersion: 'no_stream', metadata: metadata() });
      await entered;
      const restoring = importRecordedEvents(targetStore.connectionPool, exported);
      release();
      await append;
      await expect(restoring).rejects.toThrow('Event at position 1 does not continue the log, which ends at 1');
      expect(await count(target)).toBe(1);
    } finally {
      await holding.close();
    }
  });
});
