import fc from 'fast-check';
import { createTestDatabase, TestDatabase } from '@grants/testing';
import { metadata } from '../contract/event-store.contract';
import { PostgresEventStore } from './postgres-event-store';
import { checkChunk, verifyChain } from './verify-chain';

/**
 * Events with stored bytes are checked by PostgreSQL in ranges (verify-chain.ts `CHUNK_CHECK`), and only a range that
 * does not check is walked row by row. Whatever was done to the table, and wherever the ranges fall, the result must
 * be exactly the row-by-row walk's: the same failure (problem, position, event), the same count and the same head.
 */
describe('verifying in PostgreSQL gives exactly the row-by-row result', () => {
  const EVENTS = 24;
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: db.url, poolSize: 4 });
    for (let i = 0; i < EVENTS; i += 1) {
      // Some appends of several events (they share a time and metadata), on a few streams.
      const size = i % 5 === 0 ? 3 : 1;
      await store.append(`submission-FY2024-${100 + (i % 4)}`, Array.from({ length: size }, (_, k) => ({ type: 'AnswerSaved', data: { n: i, k, text: 'é"\\' } })), {
        expectedVersion: 'any',
        metadata: metadata(),
      });
    }
    await db.superuserQuery('CREATE TABLE events_original AS SELECT * FROM events');
  }, 60_000);
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  /** One change a superuser could make, as SQL on the row at `at` (and its neighbour, where one is involved). */
  const tampers: readonly ((at: number) => string)[] = [
    (at) => `DELETE FROM events WHERE position = ${at}`,
    (at) => `DELETE FROM events WHERE position >= ${at}`,
    (at) => `UPDATE events SET data = jsonb_set(data, '{n}', '999') WHERE position = ${at}`,
    (at) => `UPDATE events SET metadata = jsonb_set(metadata, '{actorId}', '"someone"') WHERE position = ${at}`,
    (at) => `UPDATE events SET stream_id = 'submission-FY2024-999' WHERE position = ${at}`,
    (at) => `UPDATE events SET stream_version = stream_version + 100 WHERE position = ${at}`,
    (at) => `UPDATE events SET type = 'AnswerDeleted' WHERE position = ${at}`,
    (at) => `UPDATE events SET schema_version = 2 WHERE position = ${at}`,
    (at) => `UPDATE events SET command_id = 'another-command' WHERE position = ${at}`,
    (at) => `UPDATE events SET event_id = '00000000-0000-4000-8000-000000000000' WHERE position = ${at}`,
    (at) => `UPDATE events SET recorded_at = recorded_at + interval '1 microsecond' WHERE position = ${at}`,
    (at) => `UPDATE events SET hash_version = 1 WHERE position = ${at}`,
    (at) => `UPDATE events SET payload = NULL WHERE position = ${at}`,
    (at) => `UPDATE events SET payload = 'not json at all' WHERE position = ${at}`,
    (at) => `UPDATE events SET payload = replace(payload, '"n":', '"m":') WHERE position = ${at}`,
    (at) => `UPDATE events SET hash = rpad('not hex', 64, '!') WHERE position = ${at}`,
    (at) => `UPDATE events SET hash = (SELECT hash FROM events_original WHERE position = ${at === 1 ? 2 : at - 1}) WHERE position = ${at}`,
    (at) => `UPDATE events SET position = position + 1000000 WHERE position IN (${at}, ${at + 1});
             UPDATE events SET position = CASE WHEN position = ${at + 1000000} THEN ${at + 1} ELSE ${at} END WHERE position > 1000000`,
    () => `SELECT 1`,
  ];

  it('for any change anywhere, any range size and any saved digest', async () => {
    const total = Number((await db.superuserQuery<{ n: number }>('SELECT count(*)::int AS n FROM events'))[0].n);
    const hashes = await db.superuserQuery<{ position: string; hash: string }>('SELECT position::text, hash FROM events_original ORDER BY events_original.position');
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: tampers.length - 1 }),
        fc.integer({ min: 1, max: total - 1 }),
        fc.integer({ min: 1, max: 9 }),
        fc.option(fc.record({ at: fc.integer({ min: 1, max: total + 2 }), forged: fc.boolean() })),
        async (tamper, at, chunkSize, saved) => {
          await db.superuserQuery(`SET session_replication_role = replica; DELETE FROM events; INSERT INTO events SELECT * FROM events_original; ${tampers[tamper](at)}`);
          const expectedDigest = saved
            ? { position: BigInt(saved.at), hash: saved.forged || saved.at > total ? 'f'.repeat(64) : hashes[saved.at - 1].hash }
            : undefined;
          const inDatabase = await verifyChain(store.connectionPool, { chunkSize, expectedDigest });
          const rowByRow = await verifyChain(store.connectionPool, { chunkSize: 0, expectedDigest });
          expect(inDatabase).toEqual(rowByRow);
          // Nothing changed and the digest (if any) is the log's own: verified. Any change is refused, but cutting the
          // tail (only a saved digest tells) and dropping the stored bytes of the very first event (its columns still
          // hash to its hash, as an event recorded before stored bytes does: nothing it says has changed).
          const harmless = tamper === tampers.length - 1 || tamper === 1 || (tamper === 12 && at === 1);
          if (tamper === tampers.length - 1 && !saved?.forged && (saved?.at ?? 0) <= total) expect(inDatabase).toMatchObject({ ok: true, checked: total });
          else if (!harmless) expect(inDatabase.ok).toBe(false);
        },
      ),
      { numRuns: 120 },
    );
  }, 120_000);

  it('reports progress range by range up to the head', async () => {
    await db.superuserQuery('SET session_replication_role = replica; DELETE FROM events; INSERT INTO events SELECT * FROM events_original');
    const seen: bigint[] = [];
    const result = await verifyChain(store.connectionPool, { chunkSize: 7, onProgress: (_, position) => seen.push(position) });
    expect(result.ok).toBe(true);
    expect(seen).toEqual([...seen].sort((a, b) => (a < b ? -1 : 1)));
    expect(seen.at(-1)).toBe(result.head.position);
    expect(seen.length).toBeGreaterThan(3);
  });
});

/**
 * The range check rebuilds the envelope's bytes around `data` and `metadata` from the columns; when it disagrees with
 * what the store wrote, verify is still right (the walk decides) but slow. Strings that JSON must escape, in every
 * column the envelope writes as a string, and data that holds the envelope's own keys, must pass in PostgreSQL.
 */
describe('the range check reads the stored bytes as the store writes them', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: db.url, poolSize: 2 });
  }, 60_000);
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('passes escaped, non-ASCII and look-alike content without a walk, and still refuses a changed column', async () => {
    const awkward = 'quote " backslash \\ tab \t newline \n nul-ish \u0001 \u001f del \u007f 漢字 😀 \u2028 / <>&';
    await store.append('submission-FY2024-awkward', [{ type: 'Awkward.Event_1', data: { text: awkward, [awkward]: [1, 2.5, -0, 1e-7, null, true] } }], {
      expectedVersion: 'any',
      metadata: { ...metadata(), commandId: `cmd ${awkward}`, actorId: awkward },
    });
    // Data whose nested object spells the keys that follow `data` in the envelope, and a nested copy of a whole envelope.
    await store.append('submission-FY2024-nested', [{ type: 'Nested', data: { eventId: 'x', hashVersion: 2, metadata: {}, deeper: { position: '1' } } }], {
      expectedVersion: 'any',
      metadata: metadata(),
    });
    const { rows } = await store.connectionPool.query<{ payload: string }>('SELECT payload FROM events ORDER BY position LIMIT 1');
    await store.append('submission-FY2024-nested', [{ type: 'Nested', data: { copy: JSON.parse(rows[0].payload) } }], { expectedVersion: 'any', metadata: metadata() });

    expect(await checkChunk(store.connectionPool, 1n, 3n)).toEqual({ lastHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await verifyChain(store.connectionPool)).toMatchObject({ ok: true, checked: 3 });

    await db.superuserQuery(`SET session_replication_role = replica; UPDATE events SET command_id = command_id || ' ' WHERE position = 1`);
    expect(await checkChunk(store.connectionPool, 1n, 3n)).toEqual({ suspect: 1n });
    expect(await verifyChain(store.connectionPool)).toMatchObject({ ok: false, failure: { problem: 'altered', position: 1n } });
  });
});
