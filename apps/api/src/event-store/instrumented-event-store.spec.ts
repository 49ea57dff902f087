import { randomUUID } from 'node:crypto';
import { createTestDatabase, TestDatabase } from '@grants/testing';
import { EventStore, PostgresEventStore, WrongExpectedVersion } from '@grants/event-store';
import { metadata } from '@grants/event-store/contract/event-store.contract';
import { Metrics } from '../observability/metrics';
import { instrumentEventStore } from './instrumented-event-store';

describe('instrumentEventStore (append metrics at the EventStore contract)', () => {
  let db: TestDatabase;
  let real: PostgresEventStore;
  let store: EventStore;
  const metrics = new Metrics();
  const value = async (name: string, labels: Record<string, string> = {}) =>
    (await metrics.registry.getSingleMetric(name)!.get()).values.find((v) => Object.entries(labels).every(([k, l]) => String(v.labels[k]) === l) && Object.keys(v.labels).length === Object.keys(labels).length)?.value;

  beforeAll(async () => {
    db = await createTestDatabase();
    real = new PostgresEventStore({ connectionString: db.url });
    store = instrumentEventStore(real, metrics);
  });
  afterAll(async () => {
    await real.close();
    await db.drop();
  });

  it('is still the adapter for everything but append: its class, its pool, its reads', async () => {
    expect(store).toBeInstanceOf(PostgresEventStore);
    expect((store as PostgresEventStore).connectionPool).toBe(real.connectionPool);
    expect(await store.headPosition()).toBe(0n);
  });

  it('times appends by outcome and counts the events written by each', async () => {
    const commandId = randomUUID();
    const events = [1, 2, 3].map((n) => ({ type: 'Counted', data: { n } }));
    await store.append('counter-1', events, { expectedVersion: 'no_stream', metadata: metadata(commandId) });
    const retry = await store.append('counter-1', events, { expectedVersion: 'no_stream', metadata: metadata(commandId) });
    expect(retry.idempotentReplay).toBe(true);
    await expect(store.append('counter-1', events.slice(0, 1), { expectedVersion: 0n, metadata: metadata() })).rejects.toBeInstanceOf(WrongExpectedVersion);
    await store.append('counter-1', events.slice(0, 1), { expectedVersion: 2n, metadata: metadata() });

    expect(await value('grants_event_store_append_duration_seconds', { outcome: 'appended', le: '+Inf' })).toBe(2);
    expect(await value('grants_event_store_append_duration_seconds', { outcome: 'idempotent_replay', le: '+Inf' })).toBe(1);
    expect(await value('grants_event_store_append_duration_seconds', { outcome: 'conflict', le: '+Inf' })).toBe(1);
    // Sizes of the appends that wrote: 3 and 1 (the retry and the conflict wrote nothing).
    expect(await value('grants_event_store_append_events', { le: '1' })).toBe(1);
    expect(await value('grants_event_store_append_events', { le: '5' })).toBe(2);
    expect(await store.headPosition()).toBe(4n);
    expect(await value('grants_event_store_appends_in_flight')).toBe(0);
  });

  it('shows the appends running at once while they run', async () => {
    // Two appends wait behind a transaction that keeps every writer out of the events table.
    const client = await real.connectionPool.connect();
    try {
      await client.query('BEGIN');
      await client.query('LOCK TABLE events IN EXCLUSIVE MODE');
      const appends = ['a', 'b'].map((id) => store.append(`counter-${id}`, [{ type: 'Counted', data: { n: 1 } }], { expectedVersion: 'no_stream', metadata: metadata() }));
      expect(await value('grants_event_store_appends_in_flight')).toBe(2);
      await client.query('COMMIT');
      await Promise.all(appends);
    } finally {
      client.release();
    }
    expect(await value('grants_event_store_appends_in_flight')).toBe(0);
  });
});
