import { randomUUID } from 'node:crypto';
import { createTestDatabase, TestDatabase } from '@grants/testing';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { readAllPages } from './read-all-pages';

describe('readAllPages', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: db.url });
    for (let i = 0; i < 25; i += 1) {
      await store.append(`submission-FY2024-${100000 + (i % 3)}`, [{ type: 'AnswersSaved', data: { i } }], {
        expectedVersion: 'any',
        metadata: { actorId: 'a', actorRole: 'insurer', organisationCode: '242055', commandId: randomUUID() },
      });
    }
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('yields the whole log in global order, page by page, and ends after the last page', async () => {
    const pages: bigint[][] = [];
    for await (const page of readAllPages(store, { pageSize: 10 })) pages.push(page.map((e) => e.position));
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(pages.flat()).toEqual(Array.from({ length: 25 }, (_, i) => BigInt(i + 1)));
    const exact: number[] = [];
    for await (const page of readAllPages(store, { pageSize: 5, after: 10n })) exact.push(page.length);
    expect(exact).toEqual([5, 5, 5]);
  });

  it('lets a caller stop early, with the prefetched page left to settle quietly', async () => {
    let seen = 0;
    for await (const page of readAllPages(store, { pageSize: 4 })) {
      seen += page.length;
      if (seen >= 8) break;
    }
    expect(seen).toBe(8);
  });
});
