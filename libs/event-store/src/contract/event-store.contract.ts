import { randomUUID } from 'node:crypto';
import { EventMetadata, EventStore, ExpectedVersion, NewEvent } from '../event-store';
import { CommandIdReused, InvalidStoreInput, WrongExpectedVersion } from '../errors';
import { ChainFixture, describeChainContract } from './chain.contract';

export type { ChainFixture } from './chain.contract';

export interface ContractFixture {
  readonly store: EventStore;
  /** The adapter's hash chain: sealing (where it is not done by the append), verify, and tampering where a test can. */
  readonly chain: ChainFixture;
  readonly teardown: () => Promise<void>;
}

/** Fresh stream ids per test, so the suite also runs against a shared, non-empty server (EventStoreDB). */
const streamId = (label: string) => `contract_${label}-${randomUUID().replace(/-/g, '')}`;

export const metadata = (commandId: string = randomUUID(), extra: Partial<EventMetadata> = {}): EventMetadata => ({
  actorId: 'user-001',
  actorRole: 'national-admin',
  organisationCode: 'MHLW',
  commandId,
  ...extra,
});

const event = (type: string, data: Record<string, unknown> = {}): NewEvent => ({ type, data: data as NewEvent['data'] });

/**
 * The promises every adapter keeps, run against the PostgreSQL adapter always and against EventStoreDB when a server
 * is configured, the hash chain included (chain.contract.ts). Adapter-specific guarantees (gapless positions, each
 * way of tampering) have their own suites. `alterable`: the fixture can change a stored event (not a real EventStoreDB).
 */
export function describeEventStoreContract(adapterName: string, setup: () => Promise<ContractFixture>, options: { alterable: boolean } = { alterable: true }): void {
  describe(`EventStore contract: ${adapterName}`, () => {
    let fixture: ContractFixture;
    let store: EventStore;

    beforeAll(async () => {
      fixture = await setup();
      store = fixture.store;
    });
    afterAll(async () => fixture?.teardown());

    describeChainContract(() => fixture, options);

    describe('appending', () => {
      it('starts a new stream at version 0 and reads it back in order with its metadata', async () => {
        const id = streamId('new');
        const result = await store.append(id, [event('FiscalYearOpened', { fiscalYear: 'FY2024', poolYen: '19000000000' }), event('DeadlineSet', { at: '2024-07-31' })], {
          expectedVersion: 'no_stream',
          metadata: metadata('cmd-' + id, { reason: '年度開始' }),
        });
        expect(result.nextExpectedVersion).toBe(1n);
        expect(result.idempotentReplay).toBe(false);
        const events = await store.readStream(id);
        expect(events.map((e) => [e.type, e.streamVersion])).toEqual([
          ['FiscalYearOpened', 0n],
          ['DeadlineSet', 1n],
        ]);
        expect(events[0].data).toEqual({ fiscalYear: 'FY2024', poolYen: '19000000000' });
        expect(events[0].metadata).toMatchObject({ actorId: 'user-001', actorRole: 'national-admin', reason: '年度開始' });
        expect(events[0].schemaVersion).toBe(1);
        expect(events[1].position > events[0].position).toBe(true);
        expect(events.map((e) => e.eventId)).toEqual(result.events.map((e) => e.eventId));
      });

      it('accepts an append at the exact current version and rejects a stale one with the actual version', async () => {
        const id = streamId('version');
        await store.append(id, [event('A')], { expectedVersion: 'no_stream', metadata: metadata() });
        await store.append(id, [event('B')], { expectedVersion: 0n, metadata: metadata() });
        const stale = store.append(id, [event('C')], { expectedVersion: 0n, metadata: metadata() });
        await expect(stale).rejects.toBeInstanceOf(WrongExpectedVersion);
        await expect(stale).rejects.toMatchObject({ code: 'EVENT_STORE.WRONG_EXPECTED_VERSION', actual: 1n, streamId: id });
        expect((await store.readStream(id)).map((e) => e.type)).toEqual(['A', 'B']);
      });

      it.each<[string, ExpectedVersion, boolean]>([
        ['no_stream on an existing stream', 'no_stream', true],
        ['stream_exists on a missing stream', 'stream_exists', false],
        ['a version on a missing stream', 0n, false],
      ])('rejects %s', async (_label, expectedVersion, create) => {
        const id = streamId('expect');
        if (create) await store.append(id, [event('A')], { expectedVersion: 'any', metadata: metadata() });
        await expect(store.append(id, [event('B')], { expectedVersion, metadata: metadata() })).rejects.toBeInstanceOf(WrongExpectedVersion);
      });

      it("appends with 'any' and 'stream_exists' whatever the version", async () => {
        const id = streamId('any');
        await store.append(id, [event('A')], { expectedVersion: 'any', metadata: metadata() });
        await store.append(id, [event('B')], { expectedVersion: 'stream_exists', metadata: metadata() });
        const result = await store.append(id, [event('C')], { expectedVersion: 'any', metadata: metadata() });
        expect(result.nextExpectedVersion).toBe(2n);
      });

      it('lets exactly one of 50 concurrent appends at the same expected version succeed, losing no event', async () => {
        const id = streamId('race');
        await store.append(id, [event('Opened')], { expectedVersion: 'no_stream', metadata: metadata() });
        const attempts = await Promise.allSettled(
          Array.from({ length: 50 }, (_, i) => store.append(id, [event('ScoreAdjusted', { attempt: i })], { expectedVersion: 0n, metadata: metadata() })),
        );
        const winners = attempts.filter((a) => a.status === 'fulfilled');
        const losers = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
        expect(winners).toHaveLength(1);
        expect(losers).toHaveLength(49);
        losers.forEach((l) => expect(l.reason).toBeInstanceOf(WrongExpectedVersion));
        const events = await store.readStream(id);
        expect(events).toHaveLength(2);
        const winner = (winners[0] as PromiseFulfilledResult<Awaited<ReturnType<EventStore['append']>>>).value;
        expect(events[1].eventId).toBe(winner.events[0].eventId);
      });
    });

    describe('idempotency by command id', () => {
      it('stores nothing new for a retried command and returns the first result', async () => {
        const id = streamId('retry');
        const commandId = randomUUID();
        const first = await store.append(id, [event('AnswerSaved', { indicator: 'I-i-1', answer: true })], {
          expectedVersion: 'no_stream',
          metadata: metadata(commandId),
        });
        // The retry carries the same, now stale, expected version: it must still get the first result.
        const retry = await store.append(id, [event('AnswerSaved', { indicator: 'I-i-1', answer: true })], {
          expectedVersion: 'no_stream',
          metadata: metadata(commandId),
        });
        expect(retry.idempotentReplay).toBe(true);
        expect(retry.events.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId));
        expect(retry.nextExpectedVersion).toBe(first.nextExpectedVersion);
        expect(await store.readStream(id)).toHaveLength(1);
      });

      it('stores one set of events when the same command arrives 10 times at once', async () => {
        const id = streamId('burst');
        const commandId = randomUUID();
        const results = await Promise.all(
          Array.from({ length: 10 }, () => store.append(id, [event('Submitted', { n: 1 })], { expectedVersion: 'any', metadata: metadata(commandId) })),
        );
        expect(new Set(results.map((r) => r.events[0].eventId)).size).toBe(1);
        expect(await store.readStream(id)).toHaveLength(1);
      });

      it('recognises a retry by its command hash even when the new events differ (new timestamps)', async () => {
        const id = streamId('hash');
        const commandId = randomUUID();
        const meta = metadata(commandId, { commandHash: 'a'.repeat(64) });
        const first = await store.append(id, [event('AnswerSaved', { savedAt: '2024-06-01T09:00:00.000Z' })], { expectedVersion: 'no_stream', metadata: meta });
        const retry = await store.append(id, [event('AnswerSaved', { savedAt: '2024-06-01T09:00:05.000Z' })], { expectedVersion: 'no_stream', metadata: meta });
        expect(retry).toMatchObject({ idempotentReplay: true, nextExpectedVersion: 0n });
        expect(retry.events[0].eventId).toBe(first.events[0].eventId);
        expect(await store.readCommand(id, commandId)).toEqual(first.events);
        await expect(
          store.append(id, [event('AnswerSaved', {})], { expectedVersion: 'any', metadata: { ...meta, commandHash: 'b'.repeat(64) } }),
        ).rejects.toBeInstanceOf(CommandIdReused);
        expect(await store.readCommand(id, randomUUID())).toEqual([]);
        expect(await store.readCommand(streamId('other'), commandId)).toEqual([]);
      });

      it('refuses a reused command id with different content and stores nothing', async () => {
        const id = streamId('reuse');
        const commandId = randomUUID();
        await store.append(id, [event('AnswerSaved', { answer: true })], { expectedVersion: 'any', metadata: metadata(commandId) });
        await expect(
          store.append(id, [event('AnswerSaved', { answer: false })], { expectedVersion: 'any', metadata: metadata(commandId) }),
        ).rejects.toBeInstanceOf(CommandIdReused);
        expect(await store.readStream(id)).toHaveLength(1);
      });
    });

    describe('reading', () => {
      it('reads a stream forwards and backwards from a version with a limit', async () => {
        const id = streamId('read');
        await store.append(id, ['A', 'B', 'C', 'D'].map((t) => event(t)), { expectedVersion: 'no_stream', metadata: metadata() });
        expect((await store.readStream(id, { fromVersion: 1n, maxCount: 2 })).map((e) => e.type)).toEqual(['B', 'C']);
        expect((await store.readStream(id, { direction: 'backwards' })).map((e) => e.type)).toEqual(['D', 'C', 'B', 'A']);
        expect((await store.readStream(id, { direction: 'backwards', fromVersion: 2n, maxCount: 2 })).map((e) => e.type)).toEqual(['C', 'B']);
        expect(await store.readStream(streamId('missing'))).toEqual([]);
      });

      it('reads all events in global order strictly after a position', async () => {
        const id = streamId('all');
        const before = await store.headPosition();
        const { events } = await store.append(id, [event('A'), event('B'), event('C')], { expectedVersion: 'no_stream', metadata: metadata() });
        const after = await store.readAll({ after: before, maxCount: 100 });
        const ours = after.filter((e) => e.streamId === id);
        expect(ours.map((e) => e.type)).toEqual(['A', 'B', 'C']);
        const fromSecond = await store.readAll({ after: events[0].position, maxCount: 100 });
        expect(fromSecond.filter((e) => e.streamId === id).map((e) => e.type)).toEqual(['B', 'C']);
        const positions = after.map((e) => e.position);
        expect([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(positions);
        expect(await store.headPosition()).toBe(events[2].position);
      });

      it('delivers a subscription from a checkpoint, including events appended while it runs', async () => {
        const id = streamId('sub');
        const start = await store.headPosition();
        await store.append(id, [event('A')], { expectedVersion: 'no_stream', metadata: metadata() });
        const controller = new AbortController();
        const seen: string[] = [];
        const consuming = (async () => {
          for await (const batch of store.subscribe({ after: start, signal: controller.signal, idleMillis: 10 })) {
            seen.push(...batch.events.filter((e) => e.streamId === id).map((e) => e.type));
            if (seen.length >= 3) controller.abort();
          }
        })();
        await store.append(id, [event('B'), event('C')], { expectedVersion: 0n, metadata: metadata() });
        await consuming;
        expect(seen).toEqual(['A', 'B', 'C']);
      });
    });

    describe('bad input gets a typed error and stores nothing', () => {
      const cases: [string, () => Promise<unknown>, string][] = [
        ['an empty stream id', () => store.append('', [event('A')], { expectedVersion: 'any', metadata: metadata() }), 'streamId'],
        [
          'an unknown expected-version form',
          () => store.append(streamId('bad'), [event('A')], { expectedVersion: 'latest' as unknown as ExpectedVersion, metadata: metadata() }),
          'expectedVersion',
        ],
        [
          'a negative expected version',
          () => store.append(streamId('bad'), [event('A')], { expectedVersion: -1n, metadata: metadata() }),
          'expectedVersion',
        ],
        [
          'a number as expected version',
          () => store.append(streamId('bad'), [event('A')], { expectedVersion: 3 as unknown as ExpectedVersion, metadata: metadata() }),
          'expectedVersion',
        ],
        [
          'BigInt in data',
          () => store.append(streamId('bad'), [event('A', { yen: 10n })], { expectedVersion: 'any', metadata: metadata() }),
          'events[0].data.yen',
        ],
        [
          'NaN in data',
          () => store.append(streamId('bad'), [event('A', { score: NaN })], { expectedVersion: 'any', metadata: metadata() }),
          'events[0].data.score',
        ],
        [
          'a Date in data',
          () => store.append(streamId('bad'), [event('A', { at: new Date() })], { expectedVersion: 'any', metadata: metadata() }),
          'events[0].data.at',
        ],
        [
          'a function in data',
          () => store.append(streamId('bad'), [event('A', { f: () => 1 })], { expectedVersion: 'any', metadata: metadata() }),
          'events[0].data.f',
        ],
        [
          'data that is a string',
          () => store.append(streamId('bad'), [{ type: 'A', data: '{"a":1}' as unknown as NewEvent['data'] }], { expectedVersion: 'any', metadata: metadata() }),
          'events[0].data',
        ],
        ['no events', () => store.append(streamId('bad'), [], { expectedVersion: 'any', metadata: metadata() }), 'events'],
        [
          'a missing command id',
          () => store.append(streamId('bad'), [event('A')], { expectedVersion: 'any', metadata: { ...metadata(), commandId: '' } }),
          'metadata.commandId',
        ],
      ];

      it.each(cases)('rejects %s', async (_label, run, field) => {
        const head = await store.headPosition();
        const attempt = run();
        await expect(attempt).rejects.toBeInstanceOf(InvalidStoreInput);
        await expect(attempt).rejects.toMatchObject({ code: 'EVENT_STORE.INVALID_INPUT', field });
        expect(await store.headPosition()).toBe(head);
      });
    });
  });
}
