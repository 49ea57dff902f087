import { createHash, randomUUID } from 'node:crypto';
import { createDataSource, openAndMigrate } from '@grants/database';
import { createTestDatabase, rehashChain, TestDatabase } from '@grants/testing';
import { metadata } from '../contract/event-store.contract';
import { canonicalEvent, chainHash, GENESIS_HASH } from '../hash-chain';
import { EVENT_STORE_MIGRATIONS } from './migrations';
import { PostgresEventStore } from './postgres-event-store';
import { verifyChain } from './verify-chain';

/**
 * The store keeps the bytes it hashes. Each event's canonical envelope is stored as `payload` and every
 * other column is derived from it; the verifier hashes the stored text as it is and names an event whose columns no
 * longer say what its payload says. Events recorded before keep no payload and verify through the read adapter.
 */
describe('PostgreSQL event store: the stored bytes are the hashed bytes', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeEach(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: db.url });
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  const seed = async (count: number) => {
    for (let i = 0; i < count; i += 1) {
      await store.append(`submission-FY2024-${100 + (i % 3)}`, [{ type: 'AnswerSaved', data: { indicator: `I-i-${i}`, answer: 'yes', points: i, 'é': ['ü', 1.5] } }], {
        expectedVersion: 'any',
        metadata: metadata(),
      });
    }
  };

  it('stores each event’s canonical envelope, and its hash is SHA-256 of the previous hash and those bytes', async () => {
    await seed(4);
    const rows = await db.superuserQuery<{ position: string; payload: string; hash: string }>('SELECT position::text, payload, hash FROM events ORDER BY position');
    const events = await store.readAll();
    let previous = GENESIS_HASH;
    rows.forEach((row, i) => {
      expect(row.payload).toBe(canonicalEvent(events[i]));
      expect(row.hash).toBe(createHash('sha256').update(previous + row.payload, 'utf8').digest('hex'));
      expect(row.hash).toBe(chainHash(previous, events[i]));
      previous = row.hash;
    });
    expect(rows).toHaveLength(4);
  });

  it('derives data, metadata and every other column from the payload', async () => {
    await seed(2);
    const rows = await db.superuserQuery<{ same: boolean }>(
      `SELECT payload::jsonb = jsonb_build_object('commandId', command_id, 'data', data, 'eventId', event_id, 'hashVersion', hash_version,
         'metadata', metadata, 'position', position::text, 'recordedAt', to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
         'schemaVersion', schema_version, 'streamId', stream_id, 'streamVersion', stream_version::text, 'type', type) AS same FROM events`,
    );
    expect(rows).toEqual([{ same: true }, { same: true }]);
  });

  it('names the event whose payload alone was changed', async () => {
    await seed(6);
    await db.superuserQuery(`SET session_replication_role = replica; UPDATE events SET payload = replace(payload, '"yes"', '"yeS"') WHERE position = 4;`);
    expect((await verifyChain(store.connectionPool)).failure).toMatchObject({ problem: 'altered', position: 4n });
  });

  it('names the event whose payload was replaced by text that is not JSON, instead of failing', async () => {
    await seed(6);
    await db.superuserQuery(`SET session_replication_role = replica; UPDATE events SET payload = '{not json' WHERE position = 5;`);
    const result = await verifyChain(store.connectionPool, { pageSize: 4 });
    expect(result.failure).toMatchObject({ problem: 'altered', position: 5n });
    expect(result.checked).toBe(4);
  });

  it('names the event whose metadata alone was changed', async () => {
    await seed(6);
    await db.superuserQuery(`SET session_replication_role = replica; UPDATE events SET metadata = jsonb_set(metadata, '{actorId}', '"someone-else"') WHERE position = 2;`);
    expect((await verifyChain(store.connectionPool)).failure).toMatchObject({ problem: 'altered', position: 2n });
  });

  it('refuses an event stripped of its payload, even re-hashed in the older way', async () => {
    await seed(6);
    const [before] = await store.readAll({ after: 2n, maxCount: 1 });
    const [row] = await store.readAll({ after: 3n, maxCount: 1 });
    const rehashed = chainHash(before.hash!, row);
    await db.superuserQuery(`SET session_replication_role = replica; UPDATE events SET payload = NULL, hash = '${rehashed}' WHERE position = 4;`);
    expect((await verifyChain(store.connectionPool)).failure).toMatchObject({ problem: 'altered', position: 4n });
  });

  it('verifies again after a forger rewrites data, payload and hashes together (only a saved digest tells)', async () => {
    await seed(5);
    const saved = await store.head();
    await db.superuserQuery(`SET session_replication_role = replica; UPDATE events SET data = jsonb_set(data, '{answer}', '"no"') WHERE position = 3;`);
    expect((await verifyChain(store.connectionPool)).failure).toMatchObject({ problem: 'altered', position: 3n });
    await rehashChain(db);
    expect(await verifyChain(store.connectionPool)).toMatchObject({ ok: true, checked: 5 });
    expect((await verifyChain(store.connectionPool, { expectedDigest: saved })).failure).toMatchObject({ problem: 'digest_mismatch', position: 5n });
  });

  it('verifies a log recorded before, without payloads, with new events chained onto it (format 2 without payload)', async () => {
    const old = await createTestDatabase({ migrations: EVENT_STORE_MIGRATIONS.slice(0, 4) });
    try {
      const before = new PostgresEventStore({ connectionString: old.url });
      // Written as the store did before it kept canonical bytes: columns only, format 2, hashed with the same function.
      let previous = GENESIS_HASH;
      for (const position of [1n, 2n, 3n]) {
        const event = {
          eventId: randomUUID(), position, streamId: 'submission-FY2024-242055', streamVersion: position - 1n, type: 'AnswerSaved', schemaVersion: 1,
          data: { answer: 'yes', n: Number(position), text: '介護 "quoted"' }, metadata: metadata(`before-${position}`), recordedAt: new Date('2024-07-01T09:00:00.123Z'), hashVersion: 2,
        };
        previous = chainHash(previous, event);
        await old.superuserQuery(
          `INSERT INTO events (position, event_id, stream_id, stream_version, type, schema_version, data, metadata, command_id, recorded_at, hash, hash_version)
           VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $8, $9, $10, 2)`,
          [position.toString(), event.eventId, event.streamId, event.streamVersion.toString(), event.type, event.data, event.metadata, event.metadata.commandId, event.recordedAt, previous],
        );
      }
      await before.close();
      const upgrade = createDataSource({ url: old.url, migrations: EVENT_STORE_MIGRATIONS, poolSize: 1 });
      await openAndMigrate(upgrade);
      await upgrade.destroy();
      const after = new PostgresEventStore({ connectionString: old.url });
      try {
        await after.append('submission-FY2024-242055', [{ type: 'AnswerSaved', data: { answer: 'no' } }], { expectedVersion: 2n, metadata: metadata() });
        const payloads = await old.superuserQuery<{ has: boolean }>('SELECT payload IS NOT NULL AS has FROM events ORDER BY position');
        expect(payloads.map((p) => p.has)).toEqual([false, false, false, true]);
        expect(await verifyChain(after.connectionPool)).toMatchObject({ ok: true, checked: 4 });
        await old.superuserQuery(`SET session_replication_role = replica; UPDATE events SET data = jsonb_set(data, '{n}', '7') WHERE position = 2;`);
        expect((await verifyChain(after.connectionPool)).failure).toMatchObject({ problem: 'altered', position: 2n });
      } finally {
        await after.close();
      }
    } finally {
      await old.drop();
    }
  });
});
