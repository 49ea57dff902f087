import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createTestDatabase, TestDatabase } from '@grants/testing';
import { CheckpointSigner, publicKeyPem } from '../checkpoints';
import { metadata } from '../contract/event-store.contract';
import { insertCheckpointQuery, readCheckpoints, StoredCheckpoint } from './checkpoint-store';
import { importCheckpoints } from './import-checkpoints';
import { ExportedEvent, importRecordedEvents } from './import-events';
import { PostgresEventStore } from './postgres-event-store';

describe('importCheckpoints: the restore path of signed checkpoints', () => {
  let source: TestDatabase;
  let target: TestDatabase;
  let sourceStore: PostgresEventStore;
  let targetStore: PostgresEventStore;
  let events: ExportedEvent[];
  let signed: StoredCheckpoint[];
  const signer = new CheckpointSigner(generateKeyPairSync('ed25519').privateKey);
  const rows = (db: TestDatabase) => db.superuserQuery<{ row: unknown }>('SELECT to_jsonb(c) AS row FROM audit_checkpoints c ORDER BY id');

  beforeAll(async () => {
    source = await createTestDatabase();
    sourceStore = new PostgresEventStore({ connectionString: source.url });
    const sign = async (reason: string, requestedBy: string | null) =>
      sourceStore.connectionPool.query(insertCheckpointQuery({ ...signer.sign(await sourceStore.head(), new Date()), publicKey: publicKeyPem(signer.publicKey), reason, requestedBy }));
    await sign('on demand', 'admin-1');
    for (let i = 0; i < 4; i += 1) {
      await sourceStore.append(`grant-${i}`, [{ type: 'Opened', data: { i } }], { expectedVersion: 'no_stream', metadata: metadata(randomUUID()) });
      await sign(`Opened grant-${i}`, null);
    }
    const payloads = new Map((await source.superuserQuery<{ position: string; payload: string }>('SELECT position::text AS position, payload FROM events')).map((r) => [r.position, r.payload]));
    events = (await sourceStore.readAll()).map((e) => ({ ...e, hash: e.hash as string, hashVersion: e.hashVersion ?? 1, payload: payloads.get(e.position.toString()) }));
    signed = await readCheckpoints(sourceStore.connectionPool);
  });
  beforeEach(async () => {
    target = await createTestDatabase();
    targetStore = new PostgresEventStore({ connectionString: target.url });
    await importRecordedEvents(targetStore.connectionPool, events);
  });
  afterEach(async () => {
    await targetStore.close();
    await target.drop();
  });
  afterAll(async () => {
    await sourceStore.close();
    await source.drop();
  });

  it('restores the checkpoints exactly (ids included), adds only what is missing when run again, and signing continues after them', async () => {
    await expect(importCheckpoints(targetStore.connectionPool, signed.slice(0, 2))).resolves.toEqual({ inserted: 2, present: 0 });
    await expect(importCheckpoints(targetStore.connectionPool, signed)).resolves.toEqual({ inserted: 3, present: 2 });
    await expect(importCheckpoints(targetStore.connectionPool, signed)).resolves.toEqual({ inserted: 0, present: 5 });
    expect(await rows(target)).toEqual(await rows(source));
    const { rows: next } = await targetStore.connectionPool.query<{ id: string }>(
      insertCheckpointQuery({ ...signer.sign(await targetStore.head(), new Date()), publicKey: publicKeyPem(signer.publicKey), reason: 'on demand', requestedBy: 'admin-1' }),
    );
    expect(next[0].id).toBe(String(Number(signed.at(-1)?.id) + 1));
  });

  it('refuses a checkpoint whose hash is not the log\'s at its position, or whose signature was altered, and stores nothing', async () => {
    const moved = signed.map((c, i) => (i === 3 ? { ...c, position: c.position - 1n } : c));
    await expect(importCheckpoints(targetStore.connectionPool, moved)).rejects.toThrow(`Checkpoint #${signed[3].id} (position ${signed[3].position - 1n}) is not intact: its signature does not verify`);
    // Re-signed by its own key over a hash the log does not hold there: intact, but not of this chain.
    const foreignHead = { ...signer.sign({ position: 2n, hash: 'a'.repeat(64) }, new Date()), id: signed[3].id, publicKey: signed[3].publicKey, reason: 'x', requestedBy: null };
    await expect(importCheckpoints(targetStore.connectionPool, [...signed.slice(0, 3), foreignHead])).rejects.toThrow(
      `Checkpoint #${signed[3].id} (position 2) signs ${'a'.repeat(64)}, the log holds ${events[1].hash} there.`,
    );
    expect(await rows(target)).toEqual([]);
  });

  it('refuses a database holding a checkpoint the export does not, or another one under the same id', async () => {
    await targetStore.connectionPool.query(insertCheckpointQuery({ ...signer.sign(await targetStore.head(), new Date()), publicKey: publicKeyPem(signer.publicKey), reason: 'on demand', requestedBy: 'x' }));
    await expect(importCheckpoints(targetStore.connectionPool, signed.slice(1))).rejects.toThrow('The database holds checkpoint #1, which the export does not');
    await expect(importCheckpoints(targetStore.connectionPool, signed)).rejects.toThrow(`The database holds another checkpoint #1 (position 0)`);
    expect(await rows(target)).toHaveLength(1);
  });
});
