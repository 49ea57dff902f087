/**
 * Live tail: four writer processes append to the PostgreSQL store for 5 s (single events and batches, many
 * streams, a few streams they contend for) while a subscriber follows the global order from position 0 through the
 * store's `subscribe`. The subscriber must see every acknowledged append exactly once, at the position the writer
 * was given, in a gapless strictly increasing order that a full read afterwards repeats; the chain verifies.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EventStore, PostgresEventStore, readAllPages, RecordedEvent, verifyChain } from '@grants/event-store';
import { createTestDatabase, TestDatabase } from '@grants/testing';
import { AcknowledgedAppend, CONTENDED_STREAMS } from './support/live-tail-writer';

const WRITERS = 4;
const WRITE_MILLIS = 5_000;

interface Seen {
  readonly eventId: string;
  readonly position: bigint;
  readonly streamId: string;
  readonly streamVersion: bigint;
}

/** Starts a writer process (test/support/live-tail-writer.ts); resolves once it is connected and waiting. */
async function startWriter(url: string, writer: number, file: string): Promise<{ go: () => void; exited: Promise<void> }> {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', resolve('test/support/live-tail-writer.ts'), url, String(writer), file, String(WRITE_MILLIS)],
    { cwd: resolve('.'), env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.json' } },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += String(chunk)));
  child.stderr.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<void>((done, failed) =>
    child.on('exit', (code) => (code === 0 ? done() : failed(new Error(`writer ${writer} exited with ${code}: ${output}`)))),
  );
  await Promise.race([
    exited.then(() => Promise.reject(new Error(`writer ${writer} exited before it was ready: ${output}`))),
    (async () => {
      while (!output.includes('READY') && child.exitCode === null) await new Promise((done) => setTimeout(done, 20));
    })(),
  ]);
  return { go: () => child.stdin.end('go\n'), exited };
}

describe('live tail: a subscriber following four writer processes', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: db.url, poolSize: 2 });
    dir = mkdtempSync(join(tmpdir(), 'live-tail-'));
  });

  afterAll(async () => {
    await store?.close();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('sees every acknowledged append once, in a gapless order that a full read repeats, and the chain verifies', async () => {
    const reader: EventStore = store;
    const controller = new AbortController();
    const seen: Seen[] = [];
    let tail = 0n;
    const subscriber = (async () => {
      for await (const batch of reader.subscribe({ after: 0n, batchSize: 500, idleMillis: 10, signal: controller.signal })) {
        for (const e of batch.events) seen.push({ eventId: e.eventId, position: e.position, streamId: e.streamId, streamVersion: e.streamVersion });
        tail = batch.position;
      }
    })();

    const files = Array.from({ length: WRITERS }, (_, w) => join(dir, `writer-${w}.ndjson`));
    try {
      const writers = await Promise.all(files.map((file, w) => startWriter(db.url, w, file)));
      for (const writer of writers) writer.go();
      await Promise.all(writers.map((writer) => writer.exited));
      // Writers are done: follow until the subscriber has reached the head, then stop it.
      const head = await store.headPosition();
      const deadline = Date.now() + 10_000;
      while (tail < head && Date.now() < deadline) await new Promise((done) => setTimeout(done, 20));
    } finally {
      controller.abort();
      await subscriber;
    }

    const acknowledged: AcknowledgedAppend[] = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line) as AcknowledgedAppend),
    );
    // The workload did what it says: every writer appended, single events and batches, and contended streams took
    // appends from more than one writer.
    expect(new Set(acknowledged.map((a) => a.writer)).size).toBe(WRITERS);
    expect(acknowledged.some((a) => a.eventIds.length === 1)).toBe(true);
    expect(acknowledged.some((a) => a.eventIds.length > 1)).toBe(true);
    const contended = new Set(acknowledged.filter((a) => CONTENDED_STREAMS.includes(a.streamId)).map((a) => `${a.streamId}/${a.writer}`));
    expect(CONTENDED_STREAMS.some((s) => [...contended].filter((k) => k.startsWith(`${s}/`)).length > 1)).toBe(true);

    // Gapless, strictly increasing, no duplicates.
    expect(seen.length).toBeGreaterThan(0);
    const outOfOrder = seen.filter((e, i) => e.position !== BigInt(i + 1));
    expect(outOfOrder.slice(0, 5)).toEqual([]);
    expect(new Set(seen.map((e) => e.eventId)).size).toBe(seen.length);

    // Every acknowledged event exactly once, at the position its writer was given; nothing else.
    const byId = new Map(seen.map((e) => [e.eventId, e]));
    const ackedEvents = acknowledged.flatMap((a) => a.eventIds.map((id, i) => ({ id, position: BigInt(a.positions[i]), streamId: a.streamId })));
    const missing = ackedEvents.filter((a) => !byId.has(a.id));
    expect(missing.slice(0, 5)).toEqual([]);
    const misplaced = ackedEvents.filter((a) => byId.get(a.id)!.position !== a.position || byId.get(a.id)!.streamId !== a.streamId);
    expect(misplaced.slice(0, 5)).toEqual([]);
    expect(new Set(ackedEvents.map((a) => a.id)).size).toBe(ackedEvents.length);
    expect(seen.length).toBe(ackedEvents.length);

    // Within each stream the versions arrive 0, 1, 2, … in global order.
    const next = new Map<string, bigint>();
    const versionBreaks = seen.filter((e) => {
      const expected = next.get(e.streamId) ?? 0n;
      next.set(e.streamId, e.streamVersion + 1n);
      return e.streamVersion !== expected;
    });
    expect(versionBreaks.slice(0, 5)).toEqual([]);

    // No late commit slipped in below what the subscriber had already passed: a full read now is the same sequence.
    const full: RecordedEvent[] = [];
    for await (const page of readAllPages(store, { pageSize: 5000 })) full.push(...page);
    expect(full.map((e) => `${e.position}:${e.eventId}`)).toEqual(seen.map((e) => `${e.position}:${e.eventId}`));

    const verification = await verifyChain(store.connectionPool);
    expect(verification.failure).toBeUndefined();
    expect(verification.ok).toBe(true);
    expect(verification.checked).toBe(seen.length);
  });
});
