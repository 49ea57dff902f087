import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createDataSource, openAndMigrate } from '@grants/database';
import { createTestDatabase, TestDatabase } from '@grants/testing';
import { describeEventStoreContract, metadata } from '../contract/event-store.contract';
import { RecordedEvent } from '../event-store';
import { chainHash, GENESIS_HASH } from '../hash-chain';
import { EVENT_STORE_MIGRATIONS } from './migrations';
import fc from 'fast-check';
import { escapeLiteral } from 'pg';
import { jsonLiteral, PostgresEventStore } from './postgres-event-store';
import { verifyChain } from './verify-chain';

describeEventStoreContract('PostgreSQL', async () => {
  const db = await createTestDatabase();
  const store = new PostgresEventStore({ connectionString: db.url });
  const asSuperuser = (sql: string) => db.superuserQuery(`SET session_replication_role = replica; ${sql}`);
  return {
    store,
    chain: {
      // An append hashes its own events: nothing is left to seal.
      seal: async () => undefined,
      verify: (options) => verifyChain(store.connectionPool, options),
      alter: async (event) => {
        const where = `WHERE event_id = ${escapeLiteral(event.eventId)}`;
        await asSuperuser(`UPDATE events SET data = data || '{"forged":true}'::jsonb ${where}`);
        return async () => void (await asSuperuser(`UPDATE events SET data = data - 'forged' ${where}`));
      },
    },
    teardown: async () => {
      await store.close();
      await db.drop();
    },
  };
});

describe('PostgreSQL event store guarantees', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  const fixedNow = new Date('2024-07-01T09:00:00.000Z');

  beforeEach(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: db.url, now: () => fixedNow });
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  const appendOne = (streamId: string, data: Record<string, string | number> = {}, commandId = randomUUID()) =>
    store.append(streamId, [{ type: 'AnswerSaved', data }], { expectedVersion: 'any', metadata: metadata(commandId) });

  async function seed(count: number): Promise<void> {
    for (let i = 0; i < count; i += 1) await appendOne(`submission-FY2024-${100 + (i % 5)}`, { indicator: `I-i-${i}`, answer: 'yes' });
  }

  it('gives gapless positions in commit order under concurrent writers', async () => {
    await Promise.all(Array.from({ length: 8 }, (_, w) => (async () => {
      for (let i = 0; i < 25; i += 1) await appendOne(`writer-${w}`, { i });
    })()));
    const positions = (await store.readAll({ maxCount: 1000 })).map((e) => e.position);
    expect(positions).toEqual(Array.from({ length: 200 }, (_, i) => BigInt(i + 1)));
    const check = await verifyChain(store.connectionPool);
    expect(check).toMatchObject({ ok: true, checked: 200 });
  });

  it('keeps idempotency across a restart of the service (a new store on the same database)', async () => {
    const commandId = randomUUID();
    const first = await appendOne('grant-FY2024-242055', { score: 620 }, commandId);
    await store.close();
    store = new PostgresEventStore({ connectionString: db.url });
    const retry = await appendOne('grant-FY2024-242055', { score: 620 }, commandId);
    expect(retry).toMatchObject({ idempotentReplay: true });
    expect(retry.events[0].eventId).toBe(first.events[0].eventId);
    expect(await store.headPosition()).toBe(1n);
  });

  it('quotes any text as a literal that PostgreSQL reads back unchanged', async () => {
    const texts = fc.sample(fc.string({ unit: 'binary' }).filter((t) => !t.includes('\u0000')), 300);
    texts.push(`'; DROP TABLE events; --`, 'C:\\path\\', "\\'", 'E\'x\'', '\\\\\'\'');
    for (const quote of [jsonLiteral, escapeLiteral]) {
      const { rows } = await store.connectionPool.query<{ t: string }>(`SELECT unnest(ARRAY[${texts.map(quote).join(',')}]::text[]) AS t`);
      expect(rows.map((r) => r.t)).toEqual(texts);
    }
  });

  it('refuses UPDATE and DELETE on events to the application', async () => {
    await seed(1);
    await expect(store.connectionPool.query(`UPDATE events SET type = 'X'`)).rejects.toThrow(/append-only/);
    await expect(store.connectionPool.query('DELETE FROM events')).rejects.toThrow(/append-only/);
    await expect(store.connectionPool.query('TRUNCATE events')).rejects.toThrow(/append-only/);
  });

  it('lets a projection see a writer that commits late, in order, skipping nothing', async () => {
    await seed(3);
    let releaseLateWriter!: () => void;
    const held = new Promise<void>((resolve) => (releaseLateWriter = resolve));
    let lateWriterInserted!: () => void;
    const inserted = new Promise<void>((resolve) => (lateWriterInserted = resolve));
    const lateStore = new PostgresEventStore({
      connectionString: db.url,
      beforeCommit: async () => {
        lateWriterInserted();
        await held;
      },
    });
    const seen: RecordedEvent[] = [];
    const controller = new AbortController();
    const projecting = (async () => {
      for await (const batch of store.subscribe({ signal: controller.signal, idleMillis: 5 })) {
        seen.push(...batch.events);
        if (seen.length >= 9) controller.abort();
      }
    })();
    try {
      const late = lateStore.append('late-stream', [{ type: 'Late', data: {} }], { expectedVersion: 'any', metadata: metadata() });
      await inserted;
      // Five more writers start while the late one holds its transaction open.
      const others = Array.from({ length: 5 }, (_, i) => appendOne(`other-${i}`));
      await sleep(300);
      expect(seen.map((e) => e.position)).toEqual([1n, 2n, 3n]);
      releaseLateWriter();
      const [lateResult] = await Promise.all([late, ...others]);
      await projecting;
      expect(lateResult.events[0].position).toBe(4n);
      expect(seen.map((e) => e.position)).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n]);
      expect(seen[3].type).toBe('Late');
    } finally {
      releaseLateWriter();
      controller.abort();
      await lateStore.close();
    }
  });

  it('leaves no hole when a writer rolls back, and the chain stays valid', async () => {
    await seed(2);
    const failing = new PostgresEventStore({
      connectionString: db.url,
      beforeCommit: async () => {
        throw new Error('crash before commit');
      },
    });
    await expect(failing.append('doomed', [{ type: 'Lost', data: {} }], { expectedVersion: 'any', metadata: metadata() })).rejects.toThrow();
    await failing.close();
    const next = await appendOne('after-rollback');
    expect(next.events[0].position).toBe(3n);
    expect(await verifyChain(store.connectionPool)).toMatchObject({ ok: true, checked: 3 });
  });

  it('keeps verifying events recorded in hash format 1 before the upgrade, and chains format 2 onto them', async () => {
    const old = await createTestDatabase({ migrations: EVENT_STORE_MIGRATIONS.slice(0, 2) });
    try {
      let previous = GENESIS_HASH;
      for (const position of [1n, 2n]) {
        const event = {
          eventId: randomUUID(), position, streamId: 'submission-FY2023-242055', streamVersion: position - 1n, type: 'AnswerSaved', schemaVersion: 1,
          data: { answer: 'yes' }, metadata: metadata(`old-${position}`), recordedAt: new Date('2023-07-01T09:00:00.000Z'),
        };
        previous = chainHash(previous, event);
        await old.superuserQuery(
          `INSERT INTO events (position, event_id, stream_id, stream_version, type, schema_version, data, metadata, command_id, recorded_at, hash)
           VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $8, $9, $10)`,
          [position.toString(), event.eventId, event.streamId, event.streamVersion.toString(), event.type, event.data, event.metadata, event.metadata.commandId, event.recordedAt, previous],
        );
      }
      const upgrade = createDataSource({ url: old.url, migrations: EVENT_STORE_MIGRATIONS, poolSize: 1 });
      await openAndMigrate(upgrade);
      await upgrade.destroy();
      const upgraded = new PostgresEventStore({ connectionString: old.url });
      try {
        await upgraded.append('submission-FY2023-242055', [{ type: 'AnswerSaved', data: { answer: 'no' } }], { expectedVersion: 1n, metadata: metadata() });
        expect((await upgraded.readAll()).map((e) => e.hashVersion)).toEqual([1, 1, 2]);
        expect(await verifyChain(upgraded.connectionPool)).toMatchObject({ ok: true, checked: 3 });
      } finally {
        await upgraded.close();
      }
    } finally {
      await old.drop();
    }
  });

  describe('tamper evidence', () => {
    beforeEach(() => seed(10));

    it('verifies an untouched log and reports its head digest', async () => {
      const result = await verifyChain(store.connectionPool);
      const head = await store.head();
      expect(result).toEqual({ ok: true, checked: 10, head });
      expect(head.hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('names the event whose stored data a superuser changed by one byte', async () => {
      const [target] = await db.superuserQuery<{ event_id: string; stream_id: string }>('SELECT event_id, stream_id FROM events WHERE position = 6');
      await db.superuserQuery(`SET session_replication_role = replica;
        UPDATE events SET data = jsonb_set(data, '{answer}', '"yeS"') WHERE position = 6;`);
      const result = await verifyChain(store.connectionPool);
      expect(result.ok).toBe(false);
      expect(result.failure).toMatchObject({ problem: 'altered', position: 6n, eventId: target.event_id, streamId: target.stream_id });
      expect(result.checked).toBe(5);
      expect(result.failure?.message).toContain(target.event_id);
    });

    it('names the first missing position when a row is deleted', async () => {
      await db.superuserQuery('SET session_replication_role = replica; DELETE FROM events WHERE position = 4;');
      expect((await verifyChain(store.connectionPool)).failure).toMatchObject({ problem: 'missing', position: 4n });
    });

    it('names the first moved event when two rows swap places', async () => {
      await db.superuserQuery(`SET session_replication_role = replica;
        UPDATE events SET position = position + 1000 WHERE position IN (7, 8);
        UPDATE events SET position = 8 WHERE position = 1007;
        UPDATE events SET position = 7 WHERE position = 1008;`);
      expect((await verifyChain(store.connectionPool)).failure).toMatchObject({ problem: 'altered', position: 7n });
    });

    it('detects removal of the newest events against a digest saved earlier', async () => {
      const saved = await store.head();
      await db.superuserQuery('SET session_replication_role = replica; DELETE FROM events WHERE position >= 9;');
      expect((await verifyChain(store.connectionPool)).ok).toBe(true);
      expect((await verifyChain(store.connectionPool, { expectedDigest: saved })).failure).toMatchObject({ problem: 'truncated' });
    });

    it('names the event whose command_id column alone was changed (hash format 2 covers it)', async () => {
      await db.superuserQuery(`SET session_replication_role = replica; UPDATE events SET command_id = 'forged-command' WHERE position = 5;`);
      expect((await verifyChain(store.connectionPool)).failure).toMatchObject({ problem: 'altered', position: 5n });
    });

    it('names the event whose recorded_at moved by less than a millisecond', async () => {
      await db.superuserQuery(`SET session_replication_role = replica; UPDATE events SET recorded_at = recorded_at + interval '400 microseconds' WHERE position = 3;`);
      expect((await verifyChain(store.connectionPool)).failure).toMatchObject({ problem: 'altered', position: 3n });
    });

    it('refuses an event set back to the older hash format, even with its own hash recomputed in that format', async () => {
      const [row] = await store.readAll({ after: 8n, maxCount: 1 });
      const [before] = await store.readAll({ after: 7n, maxCount: 1 });
      const downgraded = chainHash(before.hash!, { ...row, hashVersion: 1 });
      await db.superuserQuery(`SET session_replication_role = replica; UPDATE events SET hash_version = 1, hash = '${downgraded}' WHERE position = 9;`);
      expect((await verifyChain(store.connectionPool)).failure).toMatchObject({ problem: 'altered', position: 9n });
    });

    it('detects a rewritten history whose chain was recomputed, against a saved digest', async () => {
      const saved = await store.head();
      const forged = await verifyChain(store.connectionPool, { expectedDigest: { position: saved.position, hash: 'f'.repeat(64) } });
      expect(forged.failure).toMatchObject({ problem: 'digest_mismatch', position: 10n });
    });
  });
});
