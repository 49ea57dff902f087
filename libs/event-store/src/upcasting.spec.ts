import { randomUUID } from 'node:crypto';
import { createTestDatabase, TestDatabase } from '@grants/testing';
import { metadata } from './contract/event-store.contract';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { verifyChain } from './postgres/verify-chain';
import { Upcasters } from './upcasting';

/**
 * A fiscal year recorded when InsurersRegistered carried `population65` (schema 1) replays under today's schema 2,
 * which calls it `category1InsuredPersons`, and schema 3, which adds the source.
 */
const upcasters = new Upcasters([
  {
    type: 'InsurersRegistered',
    fromVersion: 1,
    upcast: (data) => ({
      ...data,
      insurers: (data.insurers as { code: string; name: string; population65: number }[]).map(({ population65, ...rest }) => ({ ...rest, category1InsuredPersons: population65 })),
    }),
  },
  { type: 'InsurersRegistered', fromVersion: 2, upcast: (data) => ({ ...data, source: data.source ?? { kind: 'api' } }) },
]);

describe('upcasting old-schema events on read', () => {
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

  it('replays a schema-1 event as schema 3 while the stored event and its hash stay as written', async () => {
    await store.append('register-FY2019', [{ type: 'InsurersRegistered', schemaVersion: 1, data: { fiscalYear: 'FY2019', insurers: [{ code: '242055', name: '桑名市', population65: 36000 }] } }], {
      expectedVersion: 'no_stream',
      metadata: metadata(randomUUID()),
    });
    const [stored] = await store.readStream('register-FY2019');
    const upcast = upcasters.upcast(stored);
    expect(upcast.schemaVersion).toBe(3);
    expect(upcast.data).toEqual({ fiscalYear: 'FY2019', insurers: [{ code: '242055', name: '桑名市', category1InsuredPersons: 36000 }], source: { kind: 'api' } });
    expect(stored.data).toEqual({ fiscalYear: 'FY2019', insurers: [{ code: '242055', name: '桑名市', population65: 36000 }] });
    expect(upcasters.upcast(upcast)).toBe(upcast);
    expect((await verifyChain(store.connectionPool)).ok).toBe(true);
  });

  it('refuses two upcasters for the same type and version', () => {
    expect(() => new Upcasters([{ type: 'A', fromVersion: 1, upcast: (d) => d }, { type: 'A', fromVersion: 1, upcast: (d) => d }])).toThrow(/A@1/);
  });
});
