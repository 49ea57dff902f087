import { Decider } from '@grants/domain';
import { CommandIdReused, PostgresEventStore, WrongExpectedVersion } from '@grants/event-store';
import { createTestDatabase, TestDatabase } from '@grants/testing';
import { commandContext, CommandContext } from './command-context';
import { StreamCommands } from './stream-commands.service';

/** A counter stream: enough state to make decisions depend on what was stored before. */
type Added = { readonly type: 'Added'; readonly data: { readonly amount: number; readonly at: string } };
type Add = { readonly amount: number; readonly limit: number };
const counter: Decider<number, Add, Added> = {
  initialState: 0,
  evolve: (total, event) => total + event.data.amount,
  decide: ({ amount, limit }, total) => {
    if (amount === 0) return [];
    if (total + amount > limit) throw Object.assign(new Error('over the limit'), { code: 'COUNTER.LIMIT', kind: 'conflict' });
    return [{ type: 'Added', data: { amount, at: new Date().toISOString() } }];
  },
  eventTypes: ['Added'],
};
const add = (amount: number, limit = 100): Add => ({ amount, limit });
const actor = { actorId: 'admin-1', role: 'national-admin', organisationCode: 'MHLW' } as const;
const ctx = (payload: unknown, headers: { idempotencyKey?: string; ifMatch?: string } = {}): CommandContext =>
  commandContext(actor, 'POST /counters', payload, headers);

describe('StreamCommands against PostgreSQL', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let commands: StreamCommands;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: db.url });
    commands = new StreamCommands(store);
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('replays the first result for a retried idempotency key, although the new events would differ', async () => {
    const first = await commands.handle('counter-retry', counter, ctx({ amount: 5 }, { idempotencyKey: 'retry-key-0001' }), add(5));
    await new Promise((r) => setTimeout(r, 5));
    const retry = await commands.handle('counter-retry', counter, ctx({ amount: 5 }, { idempotencyKey: 'retry-key-0001' }), add(5));
    expect(retry).toEqual({ ...first, idempotentReplay: true });
    expect((await commands.load('counter-retry', counter)).state).toBe(5);
  });

  it('refuses the same idempotency key with a different payload, storing nothing', async () => {
    await commands.handle('counter-reuse', counter, ctx({ amount: 1 }, { idempotencyKey: 'reuse-key-0001' }), add(1));
    await expect(
      commands.handle('counter-reuse', counter, ctx({ amount: 2 }, { idempotencyKey: 'reuse-key-0001' }), add(2)),
    ).rejects.toBeInstanceOf(CommandIdReused);
    expect((await commands.load('counter-reuse', counter)).version).toBe(0n);
  });

  it('answers a stale If-Match with WrongExpectedVersion and appends nothing', async () => {
    await commands.handle('counter-pinned', counter, ctx({ amount: 1 }), add(1));
    await commands.handle('counter-pinned', counter, ctx({ amount: 1 }, { ifMatch: '"0"' }), add(1));
    await expect(commands.handle('counter-pinned', counter, ctx({ amount: 1 }, { ifMatch: '"0"' }), add(1))).rejects.toBeInstanceOf(
      WrongExpectedVersion,
    );
    expect((await commands.load('counter-pinned', counter)).version).toBe(1n);
  });

  it('re-decides on the new state when concurrent commands race, so a rule holds across them', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => commands.handle('counter-race', counter, ctx({ amount: 10 }), add(10, 100))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    const refusals = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason.code);
    expect(new Set(refusals)).toEqual(new Set(['COUNTER.LIMIT']));
    expect((await commands.load('counter-race', counter)).state).toBe(100);
  });

  it('lets writers of two processes (two StreamCommands on one store) race: each command lands once or is refused as contended, never as a stale version', async () => {
    const other = new StreamCommands(store);
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? commands : other).handle('counter-two-processes', counter, ctx({ amount: 1 }), add(1, 1000))),
    );
    const refusals = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason.code);
    expect(refusals.filter((code) => code !== 'COMMAND.CONTENDED')).toEqual([]);
    const landed = results.filter((r) => r.status === 'fulfilled').length;
    expect((await commands.load('counter-two-processes', counter)).state).toBe(landed);
  });

  it('stores nothing when the decision is that nothing happens', async () => {
    const outcome = await commands.handle('counter-noop', counter, ctx({}), add(0));
    expect(outcome).toEqual({ events: [], version: -1n, idempotentReplay: false });
  });

  it('rejects malformed Idempotency-Key and If-Match headers with a 400 naming the header', () => {
    expect(() => ctx({}, { idempotencyKey: 'short' })).toThrow(expect.objectContaining({ response: expect.objectContaining({ code: 'VALIDATION.IDEMPOTENCY_KEY' }) }));
    expect(() => ctx({}, { ifMatch: 'latest' })).toThrow(expect.objectContaining({ response: expect.objectContaining({ code: 'VALIDATION.IF_MATCH' }) }));
    expect(ctx({}, { ifMatch: 'W/"12"' }).expectedVersion).toBe(12n);
  });
});
