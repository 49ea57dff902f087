import { randomUUID } from 'node:crypto';
import { createTestDatabase, TestDatabase } from '@grants/testing';
import { metadata } from '../contract/event-store.contract';
import { canonicalEvent } from '../hash-chain';
import { PostgresEventStore } from './postgres-event-store';
import { verifyChain } from './verify-chain';

/**
 * A group's events travel to PostgreSQL as one dollar-quoted text of lines (hash, parts, canonical bytes). Text that
 * could end that quote, and line feeds inside strings, must come back byte for byte, in a group of several appends.
 */
describe('PostgreSQL event store: the group insert keeps any text', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: db.url });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it.each([
    ['plain text with a line feed', { note: 'line one\nline two\r\n', path: 'C:\\temp\\' }],
    ['the quote tag itself', { note: 'x $grants_events$; DROP TABLE events; --' }],
    ['text ending in the tag without its closing dollar', { note: 'ends with $grants_events' }],
    ['quotes and dollars', { note: `'$$' $x$ E'\\''`, 日本語: '介護保険' }],
  ])('stores and reads back %s, and the chain verifies', async (_, data) => {
    // Several appends at once, so that they share one group with an ordinary event beside them.
    const results = await Promise.all([
      store.append('text-a', [{ type: 'Noted', data }, { type: 'Noted', data: { n: 1 } }], { expectedVersion: 'any', metadata: metadata() }),
      store.append('text-b', [{ type: 'Noted', data: { n: 2 } }], { expectedVersion: 'any', metadata: metadata() }),
    ]);
    const written = results.flatMap((result) => result.events);
    const read = await store.readAll({ after: written[0].position - 1n, maxCount: written.length });
    expect(read.map((event) => event.data)).toEqual(written.map((event) => event.data));
    expect(read[0].data).toEqual(data);
    const payloads = await db.superuserQuery<{ payload: string }>('SELECT payload FROM events WHERE position >= $1 ORDER BY position', [written[0].position.toString()]);
    expect(payloads.map((row) => row.payload)).toEqual(read.map((event) => canonicalEvent(event)));
    expect(await verifyChain(store.connectionPool)).toMatchObject({ ok: true });
  });

  it('gives every event of a group its own append’s stream, command, time and metadata, whatever the tags in the text', async () => {
    // The text holds the first two tags the insert would quote with, so it has to pick a third.
    const data = { note: 'x $grants_events$ and $grants_events_1$ y' };
    const appends = Array.from({ length: 5 }, (_, i) => ({
      streamId: `group-${i % 2}`,
      events: Array.from({ length: 1 + i }, (_, n) => ({ type: 'Noted', data: n === 0 ? data : { n, i } })),
      metadata: metadata(`command '${i}' \\ ${randomUUID()}`, { reason: `append ${i}: it's "quoted", \\ $grants_events$ 日本語` }),
    }));
    const results = await Promise.all(appends.map((append) => store.append(append.streamId, append.events, { expectedVersion: 'any', metadata: append.metadata })));
    const written = results.flatMap((result) => result.events);
    const rows = await db.superuserQuery<{ same: boolean; stream_id: string; command_id: string; reason: string; data: unknown; recorded_at: Date }>(
      `SELECT payload::jsonb = jsonb_build_object('commandId', command_id, 'data', data, 'eventId', event_id, 'hashVersion', hash_version,
         'metadata', metadata, 'position', position::text, 'recordedAt', to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
         'schemaVersion', schema_version, 'streamId', stream_id, 'streamVersion', stream_version::text, 'type', type) AS same,
         stream_id, command_id, metadata->>'reason' AS reason, data, recorded_at
       FROM events WHERE position >= $1 ORDER BY position`,
      [written[0].position.toString()],
    );
    expect(rows).toHaveLength(written.length);
    rows.forEach((row, i) => {
      const event = written[i];
      expect(row).toEqual({
        same: true,
        stream_id: event.streamId,
        command_id: event.metadata.commandId,
        reason: event.metadata.reason,
        data: event.data,
        recorded_at: event.recordedAt,
      });
    });
    expect(rows.filter((row) => row.data && (row.data as { note?: string }).note === data.note)).toHaveLength(appends.length);
    expect(await verifyChain(store.connectionPool)).toMatchObject({ ok: true });
  });
});
