import { createTestDatabase, TestDatabase } from '@grants/testing';
import { metadata } from '../contract/event-store.contract';
import { canonicalEvent } from '../hash-chain';
import { PostgresEventStore } from './postgres-event-store';
import { verifyChain } from './verify-chain';

/**
 * A group's events travel to PostgreSQL as one dollar-quoted text of lines (hash, then canonical bytes). Text that
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
});
