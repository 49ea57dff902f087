import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { ANY, NO_STREAM, STREAM_EXISTS } from '@eventstore/db-client';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { EventBatch, EventMetadata, NewEvent } from '../event-store';
import { CommandIdReused, EventStoreUnavailable, InvalidStoreInput, WrongExpectedVersion } from '../errors';
import {
  decodePosition,
  deriveEventId,
  encodePosition,
  EventStoreDbEventStore,
  toActualVersion,
  toExpectedRevision,
} from './eventstoredb-event-store';
import { EventStoreDbChainSealer } from './chain-sealer';
import { FakeEventStoreDbClient } from './fake-eventstoredb-client';
import { verifyEventStoreDbChain } from './verify-chain';

const UINT64_MAX = (1n << 64n) - 1n;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const uint64 = fc.bigInt({ min: 0n, max: UINT64_MAX });

const metadata = (commandId: string, extra: Partial<EventMetadata> = {}): EventMetadata => ({
  actorId: 'user-001',
  actorRole: 'prefecture',
  organisationCode: '130001',
  commandId,
  ...extra,
});
const event = (type: string, data: Record<string, string | number | boolean> = {}): NewEvent => ({ type, data });

describe('EventStoreDB positions', () => {
  it('round-trips any commit/prepare pair through the single bigint', () => {
    fc.assert(
      fc.property(uint64, uint64, (commit, prepare) => {
        expect(decodePosition(encodePosition({ commit, prepare }))).toEqual({ commit, prepare });
      }),
    );
  });

  it('orders encoded positions as $all orders them: by commit, then by prepare', () => {
    fc.assert(
      fc.property(uint64, uint64, uint64, uint64, (c1, p1, c2, p2) => {
        const lexicographic = c1 !== c2 ? c1 < c2 : p1 < p2;
        expect(encodePosition({ commit: c1, prepare: p1 }) < encodePosition({ commit: c2, prepare: p2 })).toBe(lexicographic);
      }),
    );
  });

  it('reserves 0n for the start and refuses values outside 64 bits', () => {
    expect(decodePosition(0n)).toEqual({ commit: 0n, prepare: 0n });
    expect(encodePosition({ commit: UINT64_MAX, prepare: UINT64_MAX })).toBe((1n << 128n) - 1n);
    expect(() => encodePosition({ commit: 1n << 64n, prepare: 0n })).toThrow(RangeError);
    expect(() => encodePosition({ commit: 0n, prepare: -1n })).toThrow(RangeError);
    expect(() => decodePosition(-1n)).toThrow(RangeError);
    expect(() => decodePosition(1n << 128n)).toThrow(RangeError);
  });
});

describe('EventStoreDB expected versions', () => {
  it('maps each form of the contract onto the client', () => {
    expect(toExpectedRevision(7n)).toBe(7n);
    expect(toExpectedRevision(0n)).toBe(0n);
    expect(toExpectedRevision('no_stream')).toBe(NO_STREAM);
    expect(toExpectedRevision('stream_exists')).toBe(STREAM_EXISTS);
    expect(toExpectedRevision('any')).toBe(ANY);
  });

  it('reports a missing stream as version -1n', () => {
    expect(toActualVersion('no_stream')).toBe(-1n);
    expect(toActualVersion(undefined)).toBe(-1n);
    expect(toActualVersion(4n)).toBe(4n);
  });
});

describe('EventStoreDB event ids', () => {
  it('derives the same well-formed UUID for the same command and index', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), fc.nat({ max: 9_999 }), (commandId, index) => {
        const id = deriveEventId(commandId, index);
        expect(id).toMatch(UUID);
        expect(deriveEventId(commandId, index)).toBe(id);
      }),
    );
  });

  it('derives different ids for different commands or indexes', () => {
    const ids = new Set<string>();
    for (const commandId of ['cmd-1', 'cmd-2', 'cmd-1:1', 'コマンド']) {
      for (let i = 0; i < 50; i++) ids.add(deriveEventId(commandId, i));
    }
    expect(ids.size).toBe(200);
    // "cmd-1" index 11 and "cmd-1:1" index 1 hash different texts ("cmd-1:11" vs "cmd-1:1:1").
    expect(deriveEventId('cmd-1', 11)).not.toBe(deriveEventId('cmd-1:1', 1));
  });
});

describe('EventStoreDbEventStore over the in-memory fake client', () => {
  const clock = new Date('2025-04-01T09:00:00.000Z');
  let fake: FakeEventStoreDbClient;
  let store: EventStoreDbEventStore;

  beforeEach(() => {
    fake = new FakeEventStoreDbClient();
    store = new EventStoreDbEventStore(fake.asClient(), { now: () => clock });
  });

  it('stores metadata with schemaVersion and recordedAt and strips them again when reading', async () => {
    const result = await store.append('submission-130001-FY2024', [event('AnswerSaved', { answer: true }), { ...event('ScoreSet'), schemaVersion: 2 }], {
      expectedVersion: 'no_stream',
      metadata: metadata('cmd-1', { reason: '訂正' }),
    });

    expect(fake.log[0].metadata).toEqual({ ...metadata('cmd-1', { reason: '訂正' }), schemaVersion: 1, recordedAt: '2025-04-01T09:00:00.000Z' });
    expect(fake.log.map((r) => r.id)).toEqual([deriveEventId('cmd-1', 0), deriveEventId('cmd-1', 1)]);
    expect(result).toMatchObject({ nextExpectedVersion: 1n, idempotentReplay: false });
    const read = await store.readStream('submission-130001-FY2024');
    expect(read).toEqual(result.events);
    expect(read[0]).toMatchObject({
      eventId: deriveEventId('cmd-1', 0),
      streamVersion: 0n,
      type: 'AnswerSaved',
      schemaVersion: 1,
      data: { answer: true },
      metadata: metadata('cmd-1', { reason: '訂正' }),
      recordedAt: clock,
      position: encodePosition(fake.log[0].position),
    });
    expect(read[1].schemaVersion).toBe(2);
    // The chain is not in the events (chain-sealer.ts seals them in a stream of its own).
    expect(read[0].hash).toBeUndefined();
  });

  it('replays a retried command without writing, even with a stale expected version', async () => {
    const first = await store.append('s-1', [event('A', { n: 1 })], { expectedVersion: 'no_stream', metadata: metadata('cmd-1') });
    await store.append('s-1', [event('B')], { expectedVersion: 0n, metadata: metadata('cmd-2') });
    const calls = fake.appendCalls;

    const retry = await store.append('s-1', [event('A', { n: 1 })], { expectedVersion: 'no_stream', metadata: metadata('cmd-1') });

    expect(retry).toEqual({ ...first, idempotentReplay: true });
    expect(fake.appendCalls).toBe(calls);
    expect(fake.log).toHaveLength(2);
  });

  it('refuses a reused command id with different content', async () => {
    await store.append('s-1', [event('A', { n: 1 })], { expectedVersion: 'any', metadata: metadata('cmd-1') });
    await expect(store.append('s-1', [event('A', { n: 2 })], { expectedVersion: 'any', metadata: metadata('cmd-1') })).rejects.toBeInstanceOf(
      CommandIdReused,
    );
    await expect(store.append('s-1', [event('A', { n: 1 }), event('A')], { expectedVersion: 'any', metadata: metadata('cmd-1') })).rejects.toBeInstanceOf(
      CommandIdReused,
    );
    expect(fake.log).toHaveLength(1);
  });

  it("recognises a retry beyond the lookback window through EventStoreDB's own id check", async () => {
    store = new EventStoreDbEventStore(fake.asClient(), { now: () => clock, idempotencyLookback: 1 });
    const first = await store.append('s-1', [event('A')], { expectedVersion: 'no_stream', metadata: metadata('cmd-1') });
    for (let i = 0; i < 5; i++) await store.append('s-1', [event('B')], { expectedVersion: BigInt(i), metadata: metadata(`cmd-b${i}`) });

    store = new EventStoreDbEventStore(fake.asClient(), { now: () => new Date('2025-04-02T00:00:00.000Z'), idempotencyLookback: 1 });
    const retry = await store.append('s-1', [event('A')], { expectedVersion: 'no_stream', metadata: metadata('cmd-1') });

    expect(retry).toEqual({ ...first, idempotentReplay: true });
    expect(fake.log).toHaveLength(6);
  });

  it('detects different content hidden behind a write that EventStoreDB deduplicated by id', async () => {
    store = new EventStoreDbEventStore(fake.asClient(), { now: () => clock, idempotencyLookback: 1 });
    await store.append('s-1', [event('A', { n: 1 })], { expectedVersion: 'no_stream', metadata: metadata('cmd-1') });
    await store.append('s-1', [event('B')], { expectedVersion: 0n, metadata: metadata('cmd-2') });
    await store.append('s-1', [event('B')], { expectedVersion: 1n, metadata: metadata('cmd-3') });

    await expect(store.append('s-1', [event('A', { n: 2 })], { expectedVersion: 'no_stream', metadata: metadata('cmd-1') })).rejects.toBeInstanceOf(
      CommandIdReused,
    );
  });

  it('stores one set of events when the same command arrives 10 times at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () => store.append('s-1', [event('Submitted')], { expectedVersion: 'any', metadata: metadata('cmd-1') })),
    );
    expect(fake.log).toHaveLength(1);
    expect(results.filter((r) => !r.idempotentReplay)).toHaveLength(1);
    expect(new Set(results.map((r) => r.events[0].eventId))).toEqual(new Set([deriveEventId('cmd-1', 0)]));
  });

  it.each([
    ['a stale version', 0n, true, 0n],
    ['no_stream on an existing stream', 'no_stream' as const, true, 0n],
    ['stream_exists on a missing stream', 'stream_exists' as const, false, -1n],
    ['a version on a missing stream', 3n, false, -1n],
  ])('maps a version conflict on %s to WrongExpectedVersion with the actual version', async (_label, expectedVersion, create, actual) => {
    if (create) {
      await store.append('s-1', [event('A')], { expectedVersion: 'any', metadata: metadata('cmd-0') });
      if (expectedVersion === 0n) await store.append('s-1', [event('A')], { expectedVersion: 0n, metadata: metadata('cmd-00') });
    }
    const attempt = store.append('s-1', [event('B')], { expectedVersion, metadata: metadata('cmd-1') });
    await expect(attempt).rejects.toBeInstanceOf(WrongExpectedVersion);
    await expect(attempt).rejects.toMatchObject({ streamId: 's-1', expected: expectedVersion, actual: expectedVersion === 0n ? 1n : actual });
  });

  it('rejects bad input before calling the server', async () => {
    await expect(store.append('$all', [event('A')], { expectedVersion: 'any', metadata: metadata('c') })).rejects.toBeInstanceOf(InvalidStoreInput);
    await expect(store.readStream('$settings')).rejects.toBeInstanceOf(InvalidStoreInput);
    await expect(store.readAll({ maxCount: 0 })).rejects.toBeInstanceOf(InvalidStoreInput);
    expect(fake.appendCalls).toBe(0);
  });

  it('reads a missing stream as empty and reads forwards and backwards with bounds', async () => {
    expect(await store.readStream('missing')).toEqual([]);
    await store.append('s-1', ['A', 'B', 'C', 'D'].map((t) => event(t)), { expectedVersion: 'no_stream', metadata: metadata('c') });
    expect((await store.readStream('s-1', { fromVersion: 1n, maxCount: 2 })).map((e) => e.type)).toEqual(['B', 'C']);
    expect((await store.readStream('s-1', { direction: 'backwards', fromVersion: 2n })).map((e) => e.type)).toEqual(['C', 'B', 'A']);
    expect(await store.readStream('s-1', { fromVersion: 10n })).toEqual([]);
  });

  it('reads $all strictly after a position, skipping system records, across pages', async () => {
    fake.writeSystemEvent();
    await store.append('s-1', [event('A'), event('B')], { expectedVersion: 'no_stream', metadata: metadata('c1') });
    for (let i = 0; i < 150; i++) fake.writeSystemEvent(i % 2 ? '$$s-1' : '$stats-node', i % 2 ? '$metadata' : '$statsCollected');
    fake.writeSystemEvent('s-1', '$>'); // a link event in a user stream is still a system event
    await store.append('s-2', [event('C')], { expectedVersion: 'no_stream', metadata: metadata('c2') });
    fake.writeSystemEvent();

    const all = await store.readAll();
    expect(all.map((e) => e.type)).toEqual(['A', 'B', 'C']);
    expect((await store.readAll({ after: all[0].position })).map((e) => e.type)).toEqual(['B', 'C']);
    expect((await store.readAll({ after: all[1].position, maxCount: 1 })).map((e) => e.type)).toEqual(['C']);
    expect((await store.readAll({ maxCount: 2 })).map((e) => e.type)).toEqual(['A', 'B']);
    expect(await store.readAll({ after: all[2].position })).toEqual([]);
  });

  it('gives position 0n on stream reads from servers that send no position there (before 22.6)', async () => {
    fake = new FakeEventStoreDbClient({ noStreamReadPositions: true });
    store = new EventStoreDbEventStore(fake.asClient());
    const { events } = await store.append('s-1', [event('A')], { expectedVersion: 'no_stream', metadata: metadata('c1') });
    expect(events[0].position).toBe(0n);
    expect((await store.readAll())[0].position).toBe(encodePosition(fake.log[0].position));
  });

  it('keeps $all order for legacy transaction positions (commit after the prepares)', async () => {
    fake = new FakeEventStoreDbClient({ transactionPositions: true });
    store = new EventStoreDbEventStore(fake.asClient());
    await store.append('s-1', [event('A'), event('B')], { expectedVersion: 'no_stream', metadata: metadata('c1') });
    await store.append('s-2', [event('C')], { expectedVersion: 'no_stream', metadata: metadata('c2') });
    const all = await store.readAll();
    expect(all.map((e) => e.type)).toEqual(['A', 'B', 'C']);
    expect(all[0].position < all[1].position && all[1].position < all[2].position).toBe(true);
    expect((await store.readAll({ after: all[0].position })).map((e) => e.type)).toEqual(['B', 'C']);
  });

  it('gives the head as the last user event, 0n when there is none', async () => {
    fake.writeSystemEvent();
    expect(await store.headPosition()).toBe(0n);
    const { events } = await store.append('s-1', [event('A'), event('B')], { expectedVersion: 'no_stream', metadata: metadata('c1') });
    for (let i = 0; i < 600; i++) fake.writeSystemEvent();
    expect(await store.headPosition()).toBe(events[1].position);
  });

  it('delivers subscription batches strictly after the checkpoint, live events included, until aborted', async () => {
    const { events } = await store.append('s-1', [event('A'), event('B')], { expectedVersion: 'no_stream', metadata: metadata('c1') });
    fake.writeSystemEvent();
    const controller = new AbortController();
    const batches: EventBatch[] = [];
    const consuming = (async () => {
      for await (const batch of store.subscribe({ after: events[0].position, batchSize: 2, idleMillis: 5, signal: controller.signal })) {
        batches.push(batch);
        if (batches.flatMap((b) => b.events).length >= 4) controller.abort();
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await store.append('s-2', [event('C'), event('D'), event('E')], { expectedVersion: 'no_stream', metadata: metadata('c2') });
    await consuming;

    const delivered = batches.flatMap((b) => b.events);
    expect(delivered.map((e) => e.type).slice(0, 4)).toEqual(['B', 'C', 'D', 'E']);
    batches.forEach((b) => {
      expect(b.events.length).toBeLessThanOrEqual(2);
      expect(b.position).toBe(b.events[b.events.length - 1].position);
    });
    expect(fake.subscriptionCount).toBe(0);
  });

  it('unsubscribes when the consumer stops early', async () => {
    await store.append('s-1', [event('A'), event('B')], { expectedVersion: 'no_stream', metadata: metadata('c1') });
    for await (const batch of store.subscribe({ batchSize: 1 })) {
      expect(batch.events[0].type).toBe('A');
      break;
    }
    expect(fake.subscriptionCount).toBe(0);
  });

  it('ends a subscription the server dropped with EventStoreUnavailable', async () => {
    await store.append('s-1', [event('A')], { expectedVersion: 'no_stream', metadata: metadata('c1') });
    const seen: string[] = [];
    const consuming = (async () => {
      for await (const batch of store.subscribe({ idleMillis: 5 })) {
        seen.push(...batch.events.map((e) => e.type));
        fake.dropSubscriptions();
      }
    })();
    await expect(consuming).rejects.toBeInstanceOf(EventStoreUnavailable);
    expect(seen).toEqual(['A']);
  });

  it('maps an unreachable server to EventStoreUnavailable', async () => {
    fake.unavailable = true;
    await expect(store.append('s-1', [event('A')], { expectedVersion: 'any', metadata: metadata('c') })).rejects.toBeInstanceOf(EventStoreUnavailable);
    await expect(store.readStream('s-1')).rejects.toBeInstanceOf(EventStoreUnavailable);
    await expect(store.readAll()).rejects.toBeInstanceOf(EventStoreUnavailable);
    await expect(store.headPosition()).rejects.toBeInstanceOf(EventStoreUnavailable);
    await expect(store.ping()).rejects.toBeInstanceOf(EventStoreUnavailable);
    const subscription = store.subscribe({})[Symbol.asyncIterator]();
    await expect(subscription.next()).rejects.toBeInstanceOf(EventStoreUnavailable);
  });

  it('pings, and disposes the client on close', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
    await store.close();
    await store.close();
    expect(fake.disposed).toBe(true);
    await expect(store.readAll()).rejects.toBeInstanceOf(EventStoreUnavailable);
  });
});

// The shared contract over the fake client checks the adapter's own logic on every run, the chain's sealer and verify
// included (the fake stands for a chunk-file edit); it says nothing about a real server, which the suite below covers
// when one is configured.
describeEventStoreContract('EventStoreDB adapter over the in-memory fake client', async () => {
  const fake = new FakeEventStoreDbClient();
  const store = new EventStoreDbEventStore(fake.asClient());
  return {
    store,
    chain: {
      // A new sealer per call, so that calls at once are sealers racing.
      seal: async () => void (await new EventStoreDbChainSealer(store).sealOnce()),
      verify: (options) => verifyEventStoreDbChain(store, options),
      alter: async (event) => {
        const restore = fake.alter(event.eventId, { data: { ...event.data, forged: true } });
        return async () => restore();
      },
    },
    teardown: () => store.close(),
  };
});

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;
if (connectionString) {
  // A seal stream of this run's own: its chain starts at the server's first event, whatever earlier runs left.
  // No event can be altered through a real server, so the tampering cases run over the fake client only.
  describeEventStoreContract(
    'EventStoreDB',
    async () => {
      const store = EventStoreDbEventStore.fromConnectionString(connectionString);
      const sealStream = `$grants-chain-contract-${randomUUID()}`;
      return {
        store,
        chain: {
          seal: async () => void (await new EventStoreDbChainSealer(store, { sealStream }).sealOnce()),
          verify: (options) => verifyEventStoreDbChain(store, { ...options, sealStream }),
        },
        teardown: () => store.close(),
      };
    },
    { alterable: false },
  );
} else {
  describe('EventStoreDB contract', () => {
    it.skip('skipped: no EventStoreDB (set EVENTSTORE_CONNECTION_STRING to run it, the hash chain included)', () => undefined);
  });
}
