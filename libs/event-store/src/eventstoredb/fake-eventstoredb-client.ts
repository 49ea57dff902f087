import { Readable } from 'node:stream';
import {
  ANY,
  AllStreamResolvedEvent,
  AppendExpectedRevision,
  AppendResult,
  BACKWARDS,
  END,
  EVENT_TYPE,
  EventData,
  Filter,
  NO_STREAM,
  Position,
  ReadPosition,
  ReadRevision,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import type { EventStoreDbClientCalls } from './eventstoredb-event-store';

interface StoredRecord {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly created: Date;
  readonly position: Position;
}

interface ReadOptions {
  readonly fromRevision?: ReadRevision;
  readonly fromPosition?: ReadPosition;
  readonly direction?: string;
  readonly maxCount?: number | bigint;
  readonly filter?: Filter;
}

/**
 * Test double of the EventStoreDB client for the calls the adapter makes, so that its logic runs without a server.
 * It follows the server as read in its source, not as observed: $all forward reads include the event at the start
 * position, backward reads and subscriptions exclude it; events written in one gRPC append get commit == prepare
 * (the log position of each event) unless `transactionPositions` asks for the legacy commit-record shape; an append
 * whose ids match the events after the expected revision is acknowledged without writing (idempotent write).
 * `alter` and `remove` stand for what no client call can do (an edit of the chunk files, a scavenge), so that the hash
 * chain's sealer and verify (chain-sealer.ts) are tested here on every run. It is no substitute for the contract
 * suite against a real server: how a real server orders, filters and pages $all, and refuses a `$` stream to a
 * non-admin user, is only exercised with EVENTSTORE_CONNECTION_STRING set.
 */
export class FakeEventStoreDbClient implements EventStoreDbClientCalls {
  readonly log: StoredRecord[] = [];
  /** Calls fail with UnavailableError while set, as when the server is down. */
  unavailable = false;
  appendCalls = 0;
  private logPosition = 1000n;
  private readonly subscribers = new Map<(record: StoredRecord) => void, Readable & { unsubscribe(): Promise<void> }>();

  constructor(
    private readonly options: {
      transactionPositions?: boolean;
      /** Servers before 22.6 send 2^64 - 1 for both positions on stream reads. */
      noStreamReadPositions?: boolean;
    } = {},
  ) {}

  asClient(): EventStoreDbClientCalls {
    return this;
  }

  /** Writes a server-side record into $all, as statistics, projections and stream metadata do. */
  writeSystemEvent(streamId = '$stats-127.0.0.1:2113', type = '$statsCollected'): void {
    this.write(streamId, [{ id: crypto.randomUUID(), type, data: {}, metadata: undefined }]);
  }

  /**
   * Changes a stored event behind the server's back, as only an edit of its chunk files could (no client call
   * changes a written event); for the chain's tests. Returns a function that puts the record back.
   */
  alter(eventId: string, change: Partial<Pick<StoredRecord, 'data' | 'metadata' | 'type' | 'id'>>): () => void {
    const index = this.log.findIndex((r) => r.id === eventId);
    if (index < 0) throw new Error(`no stored event ${eventId}`);
    const original = this.log[index];
    this.log[index] = { ...original, ...change };
    return () => {
      const at = this.log.findIndex((r) => comparePositions(r.position, original.position) === 0);
      if (at >= 0) this.log[at] = original;
    };
  }

  /** Removes a stored event from the log, as a scavenge does after a stream is deleted or truncated. */
  remove(eventId: string): void {
    const index = this.log.findIndex((r) => r.id === eventId);
    if (index < 0) throw new Error(`no stored event ${eventId}`);
    this.log.splice(index, 1);
  }

  async appendToStream(streamName: string, events: EventData[], options: { expectedRevision?: AppendExpectedRevision } = {}): Promise<AppendResult> {
    await Promise.resolve();
    this.appendCalls += 1;
    this.assertAvailable();
    const expected = options.expectedRevision ?? ANY;
    const stream = this.log.filter((r) => r.streamId === streamName);
    const current = stream.length > 0 ? stream[stream.length - 1].revision : -1n;

    const dedupeFrom =
      typeof expected === 'bigint'
        ? expected + 1n
        : expected === NO_STREAM
          ? 0n
          : (stream.find((r) => r.id === events[0].id)?.revision ?? undefined);
    if (dedupeFrom !== undefined && dedupeFrom <= current) {
      const existing = stream.filter((r) => r.revision >= dedupeFrom).slice(0, events.length);
      if (existing.length === events.length && existing.every((r, i) => r.id === events[i].id)) {
        return { success: true, nextExpectedRevision: existing[existing.length - 1].revision, position: existing[existing.length - 1].position };
      }
    }

    const matches =
      expected === ANY ||
      (expected === NO_STREAM && current === -1n) ||
      (expected === STREAM_EXISTS && current >= 0n) ||
      (typeof expected === 'bigint' && expected === current);
    if (!matches) {
      throw new WrongExpectedVersionError(undefined, { streamName, expected, current: current < 0n ? NO_STREAM : current });
    }
    const written = this.write(streamName, events);
    const last = written[written.length - 1];
    return { success: true, nextExpectedRevision: last.revision, position: last.position };
  }

  readStream(streamName: string, options: ReadOptions = {}): Readable & { cancel(): Promise<void> } {
    if (this.unavailable) return readableOf([], new UnavailableError(undefined, 'unavailable'));
    const stream = this.log.filter((r) => r.streamId === streamName);
    if (stream.length === 0) return readableOf([], new StreamNotFoundError(undefined, streamName));
    const backwards = options.direction === BACKWARDS;
    const from = options.fromRevision ?? (backwards ? END : START);
    let selected = backwards ? [...stream].reverse() : stream;
    if (typeof from === 'bigint') selected = selected.filter((r) => (backwards ? r.revision <= from : r.revision >= from));
    const unknown = (1n << 64n) - 1n;
    const page = selected.slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER));
    return readableOf(
      page.map((r) => resolved(this.options.noStreamReadPositions ? { ...r, position: { commit: unknown, prepare: unknown } } : r)),
    );
  }

  readAll(options: ReadOptions = {}): Readable & { cancel(): Promise<void> } {
    if (this.unavailable) return readableOf([], new UnavailableError(undefined, 'unavailable'));
    const backwards = options.direction === BACKWARDS;
    const from = options.fromPosition ?? (backwards ? END : START);
    const ordered = [...this.log].sort((a, b) => comparePositions(a.position, b.position));
    let selected = backwards ? ordered.reverse() : ordered;
    if (typeof from === 'object') {
      selected = selected.filter((r) => (backwards ? comparePositions(r.position, from) < 0 : comparePositions(r.position, from) >= 0));
    }
    return readableOf(selected.slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER)).map(resolved));
  }

  subscribeToAll(options: ReadOptions = {}): Readable & { unsubscribe(): Promise<void> } {
    const from = options.fromPosition ?? START;
    const filter = options.filter;
    const passes = (record: StoredRecord) =>
      (from === START || (typeof from === 'object' && comparePositions(record.position, from) > 0)) &&
      (!filter || !('regex' in filter) || new RegExp(filter.regex).test(filter.filterOn === EVENT_TYPE ? record.type : record.streamId));
    const readable = new Readable({ objectMode: true, read: () => undefined }) as Readable & { unsubscribe(): Promise<void> };
    let ended = false;
    const listener = (record: StoredRecord) => {
      if (passes(record)) readable.push(resolved(record));
    };
    readable.unsubscribe = async () => {
      this.subscribers.delete(listener);
      if (!ended) readable.push(null);
      ended = true;
    };
    setImmediate(() => {
      if (ended) return;
      if (this.unavailable) {
        ended = true;
        readable.destroy(new UnavailableError(undefined, 'unavailable'));
        return;
      }
      if (from !== END) [...this.log].sort((a, b) => comparePositions(a.position, b.position)).forEach(listener);
      this.subscribers.set(listener, readable);
    });
    return readable;
  }

  /** Ends every running subscription as a server restart would. */
  dropSubscriptions(): void {
    const running = [...this.subscribers.values()];
    this.subscribers.clear();
    running.forEach((readable) => void readable.unsubscribe());
  }

  get subscriptionCount(): number {
    return this.subscribers.size;
  }

  disposed = false;

  async dispose(): Promise<void> {
    this.disposed = true;
    this.dropSubscriptions();
  }

  private assertAvailable(): void {
    if (this.unavailable) throw new UnavailableError(undefined, 'unavailable');
  }

  private write(streamId: string, events: readonly Pick<EventData, 'id' | 'type' | 'data' | 'metadata'>[]): StoredRecord[] {
    const stream = this.log.filter((r) => r.streamId === streamId);
    let revision = stream.length > 0 ? stream[stream.length - 1].revision : -1n;
    const prepares = events.map(() => (this.logPosition += 137n));
    // Legacy explicit transactions: every event carries the commit record's position, written after its prepares.
    const commit = this.options.transactionPositions ? (this.logPosition += 137n) : undefined;
    const written = events.map((event, i) => {
      revision += 1n;
      const record: StoredRecord = {
        streamId,
        id: event.id,
        revision,
        type: event.type,
        // The server keeps bytes; a JSON round trip gives readers their own copies, as the client's parsing does.
        data: JSON.parse(JSON.stringify(event.data)),
        metadata: event.metadata === undefined ? undefined : JSON.parse(JSON.stringify(event.metadata)),
        created: new Date(),
        position: { commit: commit ?? prepares[i], prepare: prepares[i] },
      };
      return record;
    });
    this.log.push(...written);
    written.forEach((record) => this.subscribers.forEach((_, notify) => notify(record)));
    return written;
  }
}

function resolved(record: StoredRecord): AllStreamResolvedEvent {
  return {
    event: { ...record, isJson: true, data: record.data as Record<string, unknown>, metadata: record.metadata as Record<string, unknown> },
    commitPosition: record.position.commit,
  } as AllStreamResolvedEvent;
}

function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

function readableOf<T>(items: readonly T[], error?: Error): Readable & { cancel(): Promise<void> } {
  const readable = new Readable({ objectMode: true, read: () => undefined }) as Readable & { cancel(): Promise<void> };
  setImmediate(() => {
    if (error) {
      readable.destroy(error);
      return;
    }
    items.forEach((item) => readable.push(item));
    readable.push(null);
  });
  readable.cancel = async () => {
    readable.destroy();
  };
  return readable;
}
