import { NO_STREAM, WrongExpectedVersionError } from '@eventstore/db-client';
import { EventMetadata, NewEvent } from '../event-store';
import { chainHash, GENESIS_HASH } from '../hash-chain';
import { EventStoreUnavailable } from '../errors';
import { DEFAULT_SEAL_STREAM, parseSeal, SEAL_EVENT_TYPE } from './chain-seals';
import { EventStoreDbChainSealer } from './chain-sealer';
import { decodePosition, EventStoreDbEventStore } from './eventstoredb-event-store';
import { FakeEventStoreDbClient } from './fake-eventstoredb-client';
import { verifyEventStoreDbChain } from './verify-chain';

// Over the in-memory fake client: the sealer's and verify's own logic, on every run. A real server (how it orders,
// pages and filters $all, its ACL on `$` streams) is exercised only by the contract suite with EVENTSTORE_CONNECTION_STRING.

const metadata = (commandId: string): EventMetadata => ({ actorId: 'user-001', actorRole: 'prefecture', organisationCode: '130001', commandId });
const event = (type: string, data: Record<string, string | number> = {}): NewEvent => ({ type, data });

describe('EventStoreDB hash chain (sealer and verify) over the in-memory fake client', () => {
  let fake: FakeEventStoreDbClient;
  let store: EventStoreDbEventStore;
  let sealer: EventStoreDbChainSealer;
  let command = 0;
  const append = async (streamId: string, ...types: string[]) =>
    (await store.append(streamId, types.map((t, i) => event(t, { i })), { expectedVersion: 'any', metadata: metadata(`cmd-${(command += 1)}`) })).events;
  const seals = () => fake.log.filter((r) => r.streamId === DEFAULT_SEAL_STREAM);

  beforeEach(() => {
    fake = new FakeEventStoreDbClient();
    store = new EventStoreDbEventStore(fake.asClient(), { now: () => new Date('2025-04-01T09:00:00.123Z') });
    sealer = new EventStoreDbChainSealer(store, { eventsPerSeal: 3 });
  });
  afterEach(() => sealer.stop());

  it('seals user events in $all order with the PostgreSQL chain (format 2), batched, skipping system records', async () => {
    await append('s-1', 'A', 'B');
    fake.writeSystemEvent();
    await append('s-2', 'C', 'D', 'E');
    expect(await sealer.sealOnce()).toBe(5);

    const all = await store.readAll();
    let previous = GENESIS_HASH;
    const expected = all.map((e) => {
      previous = chainHash(previous, { ...e, hashVersion: 2 });
      const { commit, prepare } = decodePosition(e.position);
      return [commit.toString(), prepare.toString(), e.eventId, previous];
    });
    expect(seals().map((r) => [r.revision, r.type])).toEqual([
      [0n, SEAL_EVENT_TYPE],
      [1n, SEAL_EVENT_TYPE],
    ]);
    expect(seals().flatMap((r) => (r.data as { events: unknown[] }).events)).toEqual(expected);
    expect(seals()[1].data).toMatchObject({ format: 1, hashVersion: 2, previous: expected[2].filter((_, i) => i !== 2) });
    // The seal stream is a $ stream: the store's reads never show it.
    expect((await store.readAll()).map((e) => e.type)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(await sealer.sealOnce()).toBe(0);

    const verified = await verifyEventStoreDbChain(store);
    expect(verified).toEqual({ ok: true, checked: 5, unsealed: 0, head: { position: all[4].position, hash: previous } });
  });

  it('reports events after the last seal as unsealed, hashed into the head', async () => {
    await append('s-1', 'A');
    await sealer.sealOnce();
    const [b] = await append('s-1', 'B');
    const verified = await verifyEventStoreDbChain(store);
    expect(verified).toMatchObject({ ok: true, checked: 2, unsealed: 1, head: { position: b.position } });
    await sealer.sealOnce();
    expect(await verifyEventStoreDbChain(store)).toEqual({ ...verified, unsealed: 0 });
  });

  it('names the first event whose content changed, and verifies again once it is put back', async () => {
    const events = [...(await append('s-1', 'A', 'B')), ...(await append('s-2', 'C', 'D'))];
    await sealer.sealOnce();
    const restore = fake.alter(events[1].eventId, { data: { i: 99 } });
    fake.alter(events[3].eventId, { type: 'Forged' });
    const result = await verifyEventStoreDbChain(store);
    expect(result).toMatchObject({ ok: false, checked: 1, head: { position: events[0].position } });
    expect(result.failure).toMatchObject({ problem: 'altered', position: events[1].position, eventId: events[1].eventId, streamId: 's-1', streamVersion: 1n });
    restore();
    expect((await verifyEventStoreDbChain(store)).failure).toMatchObject({ problem: 'altered', position: events[3].position });
  });

  it('names a sealed event that is gone from $all (a deleted stream, scavenged), in the middle or at the end', async () => {
    const events = await append('s-1', 'A', 'B', 'C', 'D');
    await sealer.sealOnce();
    fake.remove(events[3].eventId);
    expect((await verifyEventStoreDbChain(store)).failure).toMatchObject({ problem: 'missing', position: events[3].position, eventId: events[3].eventId });
    fake.remove(events[1].eventId);
    expect((await verifyEventStoreDbChain(store)).failure).toMatchObject({ problem: 'missing', position: events[1].position });
  });

  it('refuses a forged seal, a seal that does not continue the one before, and seals removed from the start', async () => {
    await append('s-1', 'A', 'B', 'C', 'D', 'E');
    await sealer.sealOnce();
    const [first, second] = seals();
    const data = second.data as { events: string[][] };
    const forged = fake.alter(second.id, { data: { ...data, events: [[...data.events[0].slice(0, 3), 'f'.repeat(64)], ...data.events.slice(1)] } });
    expect((await verifyEventStoreDbChain(store)).failure).toMatchObject({ problem: 'altered', position: (await store.readAll())[3].position });
    forged();
    fake.alter(second.id, { data: { ...(second.data as object), previous: ['0', '0', GENESIS_HASH] } });
    expect((await verifyEventStoreDbChain(store)).failure?.message).toContain('does not continue the chain');
    fake.remove(first.id);
    expect((await verifyEventStoreDbChain(store)).failure).toMatchObject({ problem: 'truncated' });
    expect((await verifyEventStoreDbChain(store)).failure?.message).toContain('Seal 0 of $grants-chain is missing');
  });

  it('checks a saved digest, including one that reaches into unsealed events', async () => {
    await append('s-1', 'A', 'B');
    await sealer.sealOnce();
    await append('s-1', 'C');
    const saved = (await verifyEventStoreDbChain(store)).head;
    expect(await verifyEventStoreDbChain(store, { expectedDigest: saved })).toMatchObject({ ok: true, unsealed: 1 });
    const forged = await verifyEventStoreDbChain(store, { expectedDigest: { ...saved, hash: 'f'.repeat(64) } });
    expect(forged.failure).toMatchObject({ problem: 'digest_mismatch', position: saved.position });
    expect((await verifyEventStoreDbChain(store, { expectedDigest: { ...saved, position: saved.position + 1n } })).failure).toMatchObject({ problem: 'truncated' });
  });

  it('keeps one chain when sealers race: the loser reloads the head the winner wrote', async () => {
    await append('s-1', 'A', 'B', 'C', 'D', 'E', 'F', 'G');
    const others = [new EventStoreDbChainSealer(store, { eventsPerSeal: 2 }), new EventStoreDbChainSealer(store, { eventsPerSeal: 4 })];
    const counts = await Promise.all([sealer.sealOnce(), ...others.map((s) => s.sealOnce())]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(7);
    // The race happened: more seal appends were tried (the one event append aside) than seals were written.
    expect(fake.appendCalls - 1).toBeGreaterThan(seals().length);
    expect(seals().map((r) => r.revision)).toEqual(seals().map((_, i) => BigInt(i)));
    expect(await verifyEventStoreDbChain(store)).toMatchObject({ ok: true, checked: 7, unsealed: 0 });
    await append('s-2', 'H');
    expect(await others[0].sealOnce()).toBe(1);
    expect(await verifyEventStoreDbChain(store)).toMatchObject({ ok: true, checked: 8, unsealed: 0 });
  });

  it('seals in the background until stopped, and goes on after the server was away', async () => {
    const errors: unknown[] = [];
    sealer = new EventStoreDbChainSealer(store, { idleMillis: 5, retryMillis: 5, onError: (error) => errors.push(error) });
    sealer.start();
    await append('s-1', 'A');
    await until(async () => (await verifyEventStoreDbChain(store)).unsealed === 0 && seals().length === 1);
    fake.unavailable = true;
    await until(async () => errors.length > 0);
    expect(errors[0]).toBeInstanceOf(EventStoreUnavailable);
    fake.unavailable = false;
    await append('s-1', 'B');
    await until(async () => seals().length === 2);
    await sealer.stop();
    expect(await verifyEventStoreDbChain(store)).toMatchObject({ ok: true, checked: 2, unsealed: 0 });
  });

  it('stops at a last seal it did not write rather than continue it', async () => {
    await fake.appendToStream(DEFAULT_SEAL_STREAM, [{ id: crypto.randomUUID(), contentType: 'application/json', type: SEAL_EVENT_TYPE, data: { format: 9 }, metadata: undefined }]);
    await append('s-1', 'A');
    await expect(sealer.sealOnce()).rejects.toThrow(/not a seal this service wrote/);
    expect(parseSeal(0n, { format: 9 })).toBeUndefined();
    expect((await verifyEventStoreDbChain(store)).failure?.message).toContain('is not a seal this service writes');
  });

  it('gives up a round when the seal stream keeps refusing the revision its last seal gives', async () => {
    await append('s-1', 'A');
    // As a soft-deleted stream does: read as empty, yet an append as a new stream is refused.
    const append0 = fake.appendToStream.bind(fake);
    fake.appendToStream = async (stream, events, options) =>
      stream === DEFAULT_SEAL_STREAM ? Promise.reject(new WrongExpectedVersionError(undefined, { streamName: stream, expected: NO_STREAM, current: 4n })) : append0(stream, events, options);
    await expect(sealer.sealOnce()).rejects.toThrow(/refused the expected revision 21 times in a row/);
  });

  it('refuses a seal stream the adapter would read as events', () => {
    expect(() => new EventStoreDbChainSealer(store, { sealStream: 'grants-chain' })).toThrow(RangeError);
  });
});

async function until(condition: () => Promise<boolean>, millis = 2_000): Promise<void> {
  const end = Date.now() + millis;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

