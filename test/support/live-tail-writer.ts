/**
 * A writer process of test/live-tail.spec.ts: appends to the PostgreSQL store for a while (single events and batches,
 * streams of its own and streams every writer contends for) and writes one JSON line per acknowledged append to a
 * file: the stream, the event ids and the positions the store returned. An append refused for its expected version
 * stored nothing and is not written. It prints READY once connected and starts on a line on stdin, so that the writers
 * run at the same time. Usage: live-tail-writer.ts <database url> <writer number> <file> <milliseconds>.
 */
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
// The store's own modules rather than the package index, which loads TypeORM and the EventStoreDB client too: four
// writers start in a second instead of several on a busy machine.
import { WrongExpectedVersion } from '@grants/event-store/errors';
import type { ExpectedVersion, NewEvent } from '@grants/event-store/event-store';
import { PostgresEventStore } from '@grants/event-store/postgres/postgres-event-store';

export interface AcknowledgedAppend {
  readonly writer: number;
  readonly streamId: string;
  readonly eventIds: string[];
  /** Decimal strings (JSON has no bigint). */
  readonly positions: string[];
}

/** Streams every writer appends to, with the version it last read: some appends lose and are refused. */
export const CONTENDED_STREAMS = ['tail_shared-0', 'tail_shared-1', 'tail_shared-2'];

async function main(): Promise<void> {
  const [url, writerText, file, millisText] = process.argv.slice(2);
  const writer = Number(writerText);
  const store = new PostgresEventStore({ connectionString: url, poolSize: 3 });
  await store.ping();
  process.stdout.write('READY\n');
  await once(process.stdin, 'data');
  const until = Date.now() + Number(millisText);
  const out = createWriteStream(file, { flags: 'w' });
  // A small deterministic generator per writer (xorshift), so each writer mixes its appends differently.
  let seed = 0x9e3779b9 ^ (writer * 0x85ebca6b);
  const random = (n: number): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % n;
  };
  const event = (i: number): NewEvent => ({ type: 'TailTested', data: { writer, i, note: `w${writer}-${i}` } });
  let counter = 0;

  const appendOnce = async (): Promise<void> => {
    const choice = random(10);
    const size = choice < 5 ? 1 : 2 + random(19);
    const events = Array.from({ length: size }, () => event((counter += 1)));
    let streamId: string;
    let expectedVersion: ExpectedVersion;
    if (choice < 3) {
      // Contended: expect the version just read; another writer may get there first.
      streamId = CONTENDED_STREAMS[random(CONTENDED_STREAMS.length)];
      const last = await store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
      expectedVersion = last.length ? last[0].streamVersion : 'no_stream';
    } else {
      streamId = `tail_w${writer}-${random(40)}`;
      expectedVersion = 'any';
    }
    try {
      const result = await store.append(streamId, events, {
        expectedVersion,
        metadata: { actorId: `writer-${writer}`, actorRole: 'system', organisationCode: 'MHLW', commandId: randomUUID() },
      });
      const line: AcknowledgedAppend = {
        writer,
        streamId,
        eventIds: result.events.map((e) => e.eventId),
        positions: result.events.map((e) => e.position.toString()),
      };
      if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, 'drain');
    } catch (error) {
      if (!(error instanceof WrongExpectedVersion)) throw error;
    }
  };

  // Three appends in flight per writer, each loop waiting for its acknowledgement before the next.
  await Promise.all(
    Array.from({ length: 3 }, async () => {
      while (Date.now() < until) await appendOnce();
    }),
  );
  out.end();
  await once(out, 'finish');
  await store.close();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
