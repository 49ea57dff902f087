import { createHash } from 'node:crypto';
import {
  ANY,
  AllStreamResolvedEvent,
  AppendExpectedRevision,
  AppendResult as EsdbAppendResult,
  BACKWARDS,
  CurrentRevision,
  END,
  ErrorType,
  EventStoreDBClient,
  Filter,
  FORWARDS,
  JSONEventData,
  NO_STREAM,
  Position,
  ReadPosition,
  ReadRevision,
  RecordedEvent as EsdbRecordedEvent,
  ResolvedEvent,
  START,
  STREAM_EXISTS,
  excludeSystemEvents,
  isCommandError,
} from '@eventstore/db-client';
import {
  AppendOptions,
  AppendResult,
  EventBatch,
  EventMetadata,
  EventStore,
  ExpectedVersion,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
} from '../event-store';
import { CommandIdReused, EventStoreError, EventStoreUnavailable, InvalidStoreInput, WrongExpectedVersion } from '../errors';
import { metadataFromJson } from '../event-metadata';
import { isSameCommand } from '../idempotency';
import { JsonObject } from '../json';
import { validateAppend, validateStreamId } from '../validation';

/** A read the adapter iterates and may stop early (the client's StreamingRead). */
export interface EventStoreDbRead<E> extends AsyncIterable<E> {
  cancel(): Promise<void>;
}

type ReadDirection = typeof FORWARDS | typeof BACKWARDS;

/**
 * The calls the adapter makes of the EventStoreDB client, with the options it passes: EventStoreDBClient has them,
 * and so does the test double (FakeEventStoreDbClient).
 */
export interface EventStoreDbClientCalls {
  appendToStream(streamName: string, events: JSONEventData[], options: { expectedRevision: AppendExpectedRevision }): Promise<EsdbAppendResult>;
  readStream(
    streamName: string,
    options: { direction: ReadDirection; fromRevision: ReadRevision; maxCount: number; resolveLinkTos: boolean },
  ): EventStoreDbRead<ResolvedEvent>;
  readAll(options: { direction: ReadDirection; fromPosition: ReadPosition; maxCount: number; resolveLinkTos?: boolean }): EventStoreDbRead<AllStreamResolvedEvent>;
  subscribeToAll(options: { fromPosition: ReadPosition; resolveLinkTos: boolean; filter: Filter }): AsyncIterable<AllStreamResolvedEvent> & {
    unsubscribe(): Promise<void>;
  };
  dispose(): Promise<void>;
}

export interface EventStoreDbEventStoreOptions {
  /** Clock for `recordedAt`; tests pass a fixed one. */
  readonly now?: () => Date;
  /**
   * How many of a stream's latest events an append searches for an earlier run of the same command id.
   * EventStoreDB has no index by command id, so a retry older than this is not recognised by the search.
   */
  readonly idempotencyLookback?: number;
}

const TWO_POW_64 = 1n << 64n;
const UINT64_MASK = TWO_POW_64 - 1n;
const DEFAULT_LOOKBACK = 1000;
const ALL_PAGE_SIZE = 4096;
const HEAD_PAGE_SIZE = 256;
/** The housekeeping fields the adapter adds to the stored metadata; stripped again when reading. */
const SCHEMA_VERSION_KEY = 'schemaVersion';
const RECORDED_AT_KEY = 'recordedAt';

/**
 * Packs an EventStoreDB $all position into the single bigint of the contract: `(commit << 64) | prepare`.
 * $all is ordered by commit position, then by prepare position within a commit, and both are unsigned 64-bit
 * log offsets, so comparing the packed numbers compares the positions. 0n is reserved for "the start": the log
 * begins with the server's own epoch and system records, so no user event sits at commit 0 / prepare 0.
 *
 * The result needs up to 128 bits: a checkpoint column that stores it must be numeric(39) or text, not int8.
 */
export function encodePosition(position: Position): bigint {
  const { commit, prepare } = position;
  if (commit < 0n || commit > UINT64_MASK || prepare < 0n || prepare > UINT64_MASK) {
    throw new RangeError(`EventStoreDB position out of range: commit ${commit}, prepare ${prepare}`);
  }
  return (commit << 64n) | prepare;
}

export function decodePosition(encoded: bigint): Position {
  if (encoded < 0n || encoded >= TWO_POW_64 * TWO_POW_64) throw new RangeError(`not an encoded position: ${encoded}`);
  return { commit: encoded >> 64n, prepare: encoded & UINT64_MASK };
}

/** Maps the contract's expected version onto the client's expected revision (both 'last event of the stream'). */
export function toExpectedRevision(expected: ExpectedVersion): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      return BigInt(expected);
  }
}

/** The stream's actual version as the contract states it: -1n for a stream that does not exist. */
export function toActualVersion(current: CurrentRevision | undefined): bigint {
  return typeof current === 'bigint' ? current : -1n;
}

/**
 * Event id of the index-th event of a command: the first 128 bits of SHA-256(commandId ':' index), with the
 * version and variant bits set so that it is a well-formed RFC 4122 UUID (shaped like v5: name-based, hashed).
 * A retried command therefore sends the same ids, and EventStoreDB's own idempotency check (same ids at the
 * same expected revision) drops the duplicate write instead of storing the events twice.
 */
export function deriveEventId(commandId: string, index: number): string {
  const bytes = createHash('sha256').update(`${commandId}:${index}`, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * EventStoreDB adapter of the event store, for the same contract as the PostgreSQL adapter.
 *
 * Differences the contract cannot hide:
 * - Positions are EventStoreDB log positions packed into one bigint (see encodePosition): strictly increasing,
 *   but sparse and up to 128 bits wide.
 * - The hash chain is not in the events: positions are assigned by the server after the write, so a chain hash
 *   cannot be stored in the event itself (`hash` is left undefined). A sealer follows $all beside the appends and
 *   writes the chain to a seal stream of its own (chain-sealer.ts); verify-chain.ts checks $all against it.
 * - Command-id idempotency is searched in the target stream's latest events only (see `append`), so a command id
 *   reused on a different stream is not detected.
 * - Stream reads (and so the events an append returns) carry positions only from EventStoreDB 22.6 on, and not for
 *   events written in legacy explicit transactions; such events get position 0n there. $all reads always have them.
 */
export class EventStoreDbEventStore extends EventStore {
  private readonly now: () => Date;
  private readonly lookback: number;
  private closed = false;
  private readonly commandsInFlight = new Map<string, Promise<AppendResult>>();

  constructor(
    /** The client, also used by the chain sealer and verifier for their own `$` seal stream (chain-sealer.ts). */
    readonly client: EventStoreDbClientCalls,
    options: EventStoreDbEventStoreOptions = {},
  ) {
    super();
    this.now = options.now ?? (() => new Date());
    this.lookback = options.idempotencyLookback ?? DEFAULT_LOOKBACK;
    if (!Number.isInteger(this.lookback) || this.lookback < 1) throw new RangeError('idempotencyLookback must be a positive integer');
  }

  /** e.g. `esdb://localhost:2113?tls=false`. The string is not echoed in errors: it may hold a password. */
  static fromConnectionString(connectionString: string, options?: EventStoreDbEventStoreOptions): EventStoreDbEventStore {
    let client: EventStoreDBClient;
    try {
      client = EventStoreDBClient.connectionString(connectionString);
    } catch (error) {
      throw new Error(`Invalid EventStoreDB connection string: ${describeError(error)}`, { cause: error });
    }
    return new EventStoreDbEventStore(client, options);
  }

  /**
   * Idempotency by command id. EventStoreDB has no index by command id, so before writing, the adapter reads the
   * stream's latest `idempotencyLookback` (+ the append's size) events backwards and looks for events whose
   * metadata.commandId is this command's: the same content is a replay of the first run, different content is
   * CommandIdReused. A retry older than that window, or on another stream, is not found by the search. Two
   * things narrow the gap: event ids are derived from the command id, so a retry at the same expected version is
   * dropped by EventStoreDB itself however old it is (detected below by reading the written events back), and a
   * version conflict triggers the search again, in case a concurrent run of the same command won the race.
   * Within this process, runs of one command id are queued behind each other, so a burst of retries sees the first
   * run's events instead of racing it; across processes EventStoreDB's id check is what remains, and with 'any' or
   * 'stream_exists' that check is only best effort on the server's side.
   */
  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    validateAppend(streamId, events, options);
    this.assertOpen();
    const commandId = options.metadata.commandId;
    const previous = this.commandsInFlight.get(commandId);
    const run = (previous ?? Promise.resolve()).then(
      () => this.appendOnce(streamId, events, options),
      () => this.appendOnce(streamId, events, options),
    );
    this.commandsInFlight.set(commandId, run);
    try {
      return await run;
    } finally {
      if (this.commandsInFlight.get(commandId) === run) this.commandsInFlight.delete(commandId);
    }
  }

  private async appendOnce(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const { expectedVersion, metadata } = options;
    const commandId = metadata.commandId;

    const window = this.lookback + events.length;
    const earlier = await this.findCommand(streamId, commandId, window);
    if (earlier.length > 0) return replayOf(earlier, streamId, events, metadata);

    const recordedAt = this.now().toISOString();
    const ids = events.map((_, i) => deriveEventId(commandId, i));
    const payload: JSONEventData[] = events.map((event, i) => ({
      id: ids[i],
      contentType: 'application/json',
      type: event.type,
      data: event.data,
      // JSON round trip drops undefined optional fields, as the PostgreSQL adapter does.
      metadata: JSON.parse(
        JSON.stringify({ ...metadata, [SCHEMA_VERSION_KEY]: event.schemaVersion ?? 1, [RECORDED_AT_KEY]: recordedAt }),
      ) as JsonObject,
    }));

    let nextRevision: bigint;
    try {
      const result = await this.client.appendToStream(streamId, payload, { expectedRevision: toExpectedRevision(expectedVersion) });
      nextRevision = result.nextExpectedRevision;
    } catch (error) {
      if (error instanceof Error && isCommandError(error) && error.type === ErrorType.WRONG_EXPECTED_VERSION) {
        const raced = await this.findCommand(streamId, commandId, window);
        if (raced.length > 0) return replayOf(raced, streamId, events, metadata);
        throw new WrongExpectedVersion(streamId, expectedVersion, toActualVersion(error.actualVersion));
      }
      throw translateError(error);
    }

    // Read the events back: the append result has no per-event positions, and when EventStoreDB dropped the write
    // as a duplicate of an earlier run, what is stored may differ from what this call sent.
    const first = nextRevision - BigInt(events.length - 1);
    const written = first >= 0n ? await this.readStream(streamId, { fromVersion: first, maxCount: events.length }) : [];
    const ours = written.length === events.length && written.every((event, i) => event.eventId.toLowerCase() === ids[i]);
    if (ours) {
      if (!isSameCommand(written, streamId, events, metadata)) throw new CommandIdReused(commandId, streamId);
      // Our own write carries our recordedAt; anything else is an earlier run that EventStoreDB deduplicated.
      const replayed = written[0].recordedAt.toISOString() !== recordedAt;
      return { events: written, nextExpectedVersion: nextRevision, idempotentReplay: replayed };
    }
    // EventStoreDB reported success without our events at the revisions it named: it deduplicated a run that may
    // lie beyond the window, so this rare path searches the whole stream.
    const stored = await this.findCommand(streamId, commandId, Number.MAX_SAFE_INTEGER);
    if (stored.length > 0) return replayOf(stored, streamId, events, metadata);
    throw new EventStoreUnavailable(`the events appended to ${streamId} could not be read back`);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    validateStreamId(streamId);
    this.assertOpen();
    const backwards = options.direction === 'backwards';
    const maxCount = checkedLimit(options.maxCount);
    const from = options.fromVersion;
    if (from !== undefined && (typeof from !== 'bigint' || from < 0n)) throw new InvalidStoreInput('fromVersion', 'must be a bigint ≥ 0');
    const events: RecordedEvent[] = [];
    try {
      await consume(
        this.client.readStream(streamId, {
          direction: backwards ? BACKWARDS : FORWARDS,
          fromRevision: from ?? (backwards ? END : START),
          maxCount,
          resolveLinkTos: false,
        }),
        (resolved) => {
          if (resolved.event) events.push(toRecordedEvent(resolved.event));
          return events.length < maxCount;
        },
      );
    } catch (error) {
      if (isMissingStream(error)) return [];
      throw translateError(error);
    }
    return events;
  }

  /**
   * Reads $all forwards strictly after `after`, skipping system streams and system events. $all holds the server's
   * own records too, so a page may yield fewer events than asked for and reading continues page by page.
   */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? 0n;
    if (typeof after !== 'bigint' || after < 0n) throw new InvalidStoreInput('after', 'must be a bigint ≥ 0');
    const limit = checkedLimit(options.maxCount);
    this.assertOpen();
    const events: RecordedEvent[] = [];
    let cursor = after;
    let from: ReadPosition = after === 0n ? START : decodePosition(after);
    try {
      for (;;) {
        // One more than still needed: reading from a position includes the event at that position.
        const pageSize = Math.min(Math.max(limit - events.length + 1, 64), ALL_PAGE_SIZE);
        let seen = 0;
        let progressed = false;
        await consume(
          this.client.readAll({ direction: FORWARDS, fromPosition: from, maxCount: pageSize, resolveLinkTos: false }),
          (resolved) => {
            seen += 1;
            const event = resolved.event;
            if (!event?.position) return true;
            const position = encodePosition(event.position);
            if (position <= cursor) return true;
            cursor = position;
            from = event.position;
            progressed = true;
            if (isUserEvent(event)) events.push(toRecordedEvent(event));
            return events.length < limit;
          },
        );
        if (events.length >= limit || seen < pageSize || !progressed) return events;
      }
    } catch (error) {
      throw translateError(error);
    }
  }

  /**
   * A catch-up subscription to $all from the checkpoint, server-side filtered to non-system event types. Events are
   * grouped as they arrive: a batch is delivered when it reaches `batchSize`, or when no further event arrives
   * within `idleMillis` (default 50 ms). If the server drops the subscription the iterable throws
   * EventStoreUnavailable; the caller resubscribes from its saved checkpoint.
   */
  async *subscribe(options: SubscribeOptions = {}): AsyncIterable<EventBatch> {
    const after = options.after ?? 0n;
    if (typeof after !== 'bigint' || after < 0n) throw new InvalidStoreInput('after', 'must be a bigint ≥ 0');
    const batchSize = options.batchSize ?? 1000;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new InvalidStoreInput('batchSize', 'must be a positive integer');
    const flushMillis = options.idleMillis ?? 50;
    const signal = options.signal;
    this.assertOpen();
    if (signal?.aborted) return;

    let subscription: ReturnType<EventStoreDbClientCalls['subscribeToAll']>;
    try {
      subscription = this.client.subscribeToAll({
        fromPosition: after === 0n ? START : decodePosition(after),
        resolveLinkTos: false,
        filter: excludeSystemEvents(),
      });
    } catch (error) {
      throw translateError(error);
    }
    const iterator = subscription[Symbol.asyncIterator]();
    // At most one read is outstanding; a read that loses a race against the flush timer is kept for the next round.
    let pending: Promise<IteratorResult<AllStreamResolvedEvent>> | undefined;
    const next = () => (pending ??= iterator.next());
    const stop = abortion(signal);
    let cursor = after;
    let ended = false;

    try {
      while (!ended) {
        const first = await Promise.race([next(), stop.promise]);
        if (first === ABORTED) return;
        pending = undefined;
        if (first.done) break;
        const batch: RecordedEvent[] = [];
        const take = (resolved: AllStreamResolvedEvent) => {
          const event = resolved.event;
          if (!event?.position || !isUserEvent(event)) return;
          const position = encodePosition(event.position);
          // The server starts after the checkpoint; the check keeps "strictly after" should a server include it.
          if (position <= cursor) return;
          cursor = position;
          batch.push(toRecordedEvent(event));
        };
        take(first.value);
        while (batch.length < batchSize) {
          const more = await raceTimeout(Promise.race([next(), stop.promise]), flushMillis);
          if (more === ABORTED) return;
          if (more === TIMED_OUT) break;
          pending = undefined;
          if (more.done) {
            ended = true;
            break;
          }
          take(more.value);
        }
        if (batch.length > 0) yield { events: batch, position: batch[batch.length - 1].position };
      }
      if (!signal?.aborted) throw new EventStoreUnavailable('the subscription to $all ended');
    } catch (error) {
      throw translateError(error);
    } finally {
      stop.dispose();
      pending?.catch(() => undefined);
      await subscription.unsubscribe().catch(() => undefined);
    }
  }

  /** Position of the last user event in $all; system records written after it are skipped. */
  async headPosition(): Promise<bigint> {
    this.assertOpen();
    let from: ReadPosition = END;
    let cursor: bigint | undefined;
    try {
      for (;;) {
        let seen = 0;
        let progressed = false;
        let found: bigint | undefined;
        await consume(
          this.client.readAll({ direction: BACKWARDS, fromPosition: from, maxCount: HEAD_PAGE_SIZE, resolveLinkTos: false }),
          (resolved) => {
            seen += 1;
            const event = resolved.event;
            if (!event?.position) return true;
            const position = encodePosition(event.position);
            if (cursor !== undefined && position >= cursor) return true;
            cursor = position;
            from = event.position;
            progressed = true;
            if (!isUserEvent(event)) return true;
            found = position;
            return false;
          },
        );
        if (found !== undefined) return found;
        if (seen < HEAD_PAGE_SIZE || !progressed) return 0n;
      }
    } catch (error) {
      throw translateError(error);
    }
  }

  async ping(): Promise<void> {
    this.assertOpen();
    try {
      await consume(this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }), () => false);
    } catch (error) {
      throw translateError(error);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Appends already under way finish (or fail) before the connection goes, as with the PostgreSQL adapter.
    await Promise.allSettled([...this.commandsInFlight.values()]);
    await this.client.dispose();
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailable('the store is closed');
  }

  /**
   * The events of an earlier run of `commandId` among the stream's latest `maxCount` events, oldest first. One command's events
   * are contiguous (one append), so the search stops at the first older event of another command.
   */
  async readCommand(streamId: string, commandId: string): Promise<RecordedEvent[]> {
    validateStreamId(streamId);
    if (typeof commandId !== 'string' || commandId.length === 0) throw new InvalidStoreInput('commandId', 'must not be empty');
    return this.findCommand(streamId, commandId, this.lookback);
  }

  private async findCommand(streamId: string, commandId: string, maxCount: number): Promise<RecordedEvent[]> {
    const found: RecordedEvent[] = [];
    try {
      await consume(
        this.client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount, resolveLinkTos: false }),
        (resolved) => {
          const event = resolved.event;
          if (!event) return true;
          if (commandIdOf(event.metadata) === commandId) {
            found.push(toRecordedEvent(event));
            return true;
          }
          return found.length === 0;
        },
      );
    } catch (error) {
      if (isMissingStream(error)) return [];
      throw translateError(error);
    }
    return found.reverse();
  }
}

function replayOf(
  stored: readonly RecordedEvent[],
  streamId: string,
  events: readonly NewEvent[],
  metadata: EventMetadata,
): AppendResult {
  if (!isSameCommand(stored, streamId, events, metadata)) throw new CommandIdReused(metadata.commandId, streamId);
  return { events: [...stored], nextExpectedVersion: stored[stored.length - 1].streamVersion, idempotentReplay: true };
}

function isUserEvent(event: { streamId: string; type: string }): boolean {
  return !event.streamId.startsWith('$') && !event.type.startsWith('$');
}

function toRecordedEvent(event: EsdbRecordedEvent): RecordedEvent {
  const stored = asJsonObject(event.metadata) ?? {};
  const { [SCHEMA_VERSION_KEY]: schemaVersion, [RECORDED_AT_KEY]: recordedAt, ...metadata } = stored;
  const recorded = typeof recordedAt === 'string' ? new Date(recordedAt) : undefined;
  return {
    eventId: event.id,
    position: knownPosition(event.position) ? encodePosition(event.position) : 0n,
    streamId: event.streamId,
    streamVersion: event.revision,
    type: event.type,
    schemaVersion: typeof schemaVersion === 'number' && Number.isInteger(schemaVersion) && schemaVersion >= 1 ? schemaVersion : 1,
    data: asJsonObject(event.data) ?? {},
    metadata: metadataFromJson(metadata),
    recordedAt: recorded && !Number.isNaN(recorded.getTime()) ? recorded : event.created,
  };
}

/**
 * Stream reads carry the $all position only from EventStoreDB 22.6 on, and never for events written in a legacy
 * explicit transaction; without it the server sends 2^64 - 1 in both fields, which the client passes on as is.
 */
function knownPosition(position: Position | undefined): position is Position {
  return position !== undefined && position.commit !== UINT64_MASK && position.prepare !== UINT64_MASK;
}

/** The client parses JSON content itself; bytes are parsed here in case an event was written without the JSON flag. */
function asJsonObject(value: unknown): JsonObject | undefined {
  let parsed = value;
  if (value instanceof Uint8Array) {
    try {
      parsed = JSON.parse(Buffer.from(value).toString('utf8'));
    } catch {
      return undefined;
    }
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as JsonObject) : undefined;
}

function commandIdOf(metadata: unknown): string | undefined {
  const value = asJsonObject(metadata)?.commandId;
  return typeof value === 'string' ? value : undefined;
}

/** Iterates a read; `onEvent` returns false to stop early, which cancels the server call. */
async function consume<E>(read: EventStoreDbRead<E>, onEvent: (event: E) => boolean): Promise<void> {
  let stopped = false;
  try {
    for await (const event of read) {
      if (!onEvent(event)) {
        stopped = true;
        break;
      }
    }
  } finally {
    if (stopped) await read.cancel().catch(() => undefined);
  }
}

function isMissingStream(error: unknown): boolean {
  return (
    error instanceof Error &&
    isCommandError(error) &&
    (error.type === ErrorType.STREAM_NOT_FOUND || error.type === ErrorType.STREAM_DELETED)
  );
}

/** Our typed errors pass through; an oversized append is the caller's; everything else is the store failing. */
function translateError(error: unknown): Error {
  if (error instanceof EventStoreError) return error;
  if (error instanceof Error && isCommandError(error) && error.type === ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED) {
    return new InvalidStoreInput('events', `exceed EventStoreDB's maximum append size of ${error.maxAppendSize} bytes`);
  }
  return new EventStoreUnavailable(describeError(error), { cause: error });
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

/** Same bounds as the PostgreSQL adapter, so that both reject the same reads. */
function checkedLimit(maxCount: number | undefined): number {
  if (maxCount === undefined) return 4096;
  if (!Number.isInteger(maxCount) || maxCount < 1 || maxCount > 100_000) {
    throw new InvalidStoreInput('maxCount', 'must be an integer from 1 to 100000');
  }
  return maxCount;
}

const ABORTED = Symbol('aborted');
const TIMED_OUT = Symbol('timed out');

function abortion(signal: AbortSignal | undefined): { promise: Promise<typeof ABORTED>; dispose: () => void } {
  if (!signal) return { promise: new Promise<typeof ABORTED>(() => undefined), dispose: () => undefined };
  let onAbort: () => void = () => undefined;
  const promise = new Promise<typeof ABORTED>((resolve) => {
    onAbort = () => resolve(ABORTED);
    if (signal.aborted) resolve(ABORTED);
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}

async function raceTimeout<T>(promise: Promise<T>, millis: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), millis)))]);
  } finally {
    clearTimeout(timer);
  }
}
