/*
 * Design.
 *
 * Stored bytes = hashed bytes. At append each event's canonical envelope (RFC 8785, hash-chain.ts `canonicalEvent`,
 * hash format 2) is computed once, hashed (SHA-256(previous hash ‖ envelope)) and stored as `payload`; the insert
 * takes every other column from the very parts the envelope was concatenated from (`data`, and `metadata` once per
 * append, parsed to jsonb for queries and reads), so they say what it says by construction. verify (verify-chain.ts)
 * has PostgreSQL check each event's link itself — SHA-256(previous stored hash ‖ payload as stored) is its hash, and
 * every column still agrees with the payload — in ranges on two connections.
 * Events recorded before keep payload NULL (nothing is rewritten) and verify through the read adapter
 * (`chainHashOfText`); the hand-written jsonb-to-canonical byte reader is gone.
 *
 * Appends are serial: one transaction at a time takes a transaction-level advisory lock, reads the head and writes a
 * group of appends (group commit). What an append's envelopes hold before its place in the log is known (canonical
 * `data` per event, canonical `metadata` once per append) is computed in `append`, before the lock, while the group
 * ahead is in PostgreSQL; under the lock only positions, ids, the envelope's concatenation and SHA-256 remain. The
 * group travels as one dollar-quoted text of lines (hash, the event's parts, payload), so nothing is escaped on either
 * side. Event ids are time-ordered (UUIDv7, event-id.ts), so the `event_id` index grows at its right edge.
 *
 * Where the time goes (100 events per append, 4 clients, on this project's 2-core machine, CPU time per event of the
 * store's own backends): PostgreSQL about 11 µs per event inserted here, down from about 18.5 — about 5.5 less since
 * the insert no longer parses each ~500-byte payload back into jsonb to take the columns out of it (it casts the
 * parts and parses only `data`, `metadata` once per group), about 1.5 less with time-ordered ids. The ids matter more
 * as the table grows: on 2 million events, after a checkpoint, random ids cost about 9,800 full-page images in the
 * WAL per 100,000 events inserted (1.9 kB of WAL per event against 1.4) and about 3.5 µs more per event. Most of
 * what remains is the row itself (about 1 kB: payload, data, metadata) and its four indexes — position, event_id,
 * stream and version, command_id — about 7 µs in a single-statement insert, against about 9 µs in total for a plain
 * one-table insert with two indexes; Node.js about 7 µs (canonical JSON, SHA-256, the statement) against about 5.
 * With one event per append (8 clients) PostgreSQL spends about 75 µs per event (78 before), nearly all of it per
 * group (transaction, lock, state query, planning, commit), which the row costs above hardly move. So these events
 * still cost more CPU than plain inserts, which bounds the ratio to plain node-postgres once both keep the cores busy,
 * whatever the write path; parallel writers can only hide the single group's fsync and use the second core.
 *
 * Parallel paths tried or weighed, and why they are not here:
 * - Overlapping groups under a session-level lock (built and measured): one session holds the append lock for a run
 *   of groups, group n + 1 decides and inserts on another connection while group n commits, and commits only after
 *   it; a group behind a failed one rolls back and runs again. All guarantees held and every test passed, but it
 *   added 3–6 µs of PostgreSQL CPU and 2 µs of Node.js per event (smaller groups, inserts contending for the same
 *   index pages); it gained about 8 % on 100 × 4 in a direct measurement on a quiet machine, nothing on a busy
 *   one, and nothing in the peers bench (0.42 × plain pg, as serial): not worth a second locking mode.
 * - Overlapping COMMITs of consecutive groups: PostgreSQL does not promise that two concurrent commits become
 *   visible in the order they were sent, so a reader could see group n + 1 before group n, and group n could still
 *   fail after n + 1 committed (a hole, and a chain that no longer verifies). Commits must stay ordered, and each
 *   ordered commit waits for its own fsync (about 1–3 ms here).
 * - A staging table sealed into `events` by one sealer in transaction-id order below `pg_snapshot_xmin`: every event
 *   written twice and each append waiting for a second commit, adding to the CPU per event that already bounds it.
 * - Inserting at optimistic positions before taking the lock: another process holding the lock and inserting the
 *   same positions waits on those rows while the optimistic writer waits for the lock, a deadlock PostgreSQL breaks
 *   only after `deadlock_timeout`.
 * - Speculative groups (built and measured, with the row costs above): a group behind the running one is decided on
 *   that group's outcome from one snapshot read without the lock, then sent as one query (BEGIN, lock, a guard that
 *   fails unless the head is the one it was decided on, insert, COMMIT), falling back to this path on a moved head.
 *   Every guarantee held, but with a fixed number of clients it halves the groups, and each extra group pays its own
 *   transaction and fsync (about 0.7 ms of PostgreSQL CPU and 1.4 ms under the lock) for about 4 µs per event of
 *   Node.js work taken out of the lock: −5 % to +3 % on 100 × 4 in 15 alternating runs, 4 µs more CPU per event.
 *   Sending each append's insert as soon as it is decided, within one group, gained nothing either.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { escapeLiteral, Pool, PoolClient, PoolConfig, QueryResult } from 'pg';
import {
  AppendOptions,
  AppendResult,
  EventBatch,
  EventMetadata,
  EventStore,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
} from '../event-store';
import { CommandIdReused, EventStoreError, EventStoreUnavailable, InvalidStoreInput, WrongExpectedVersion } from '../errors';
import { canonicalEnvelope, canonicalJson, chainHashOfCanonical, CURRENT_HASH_VERSION, GENESIS_HASH, isoMicros } from '../hash-chain';
import { storedMetadata } from '../event-metadata';
import { isSameCommand } from '../idempotency';
import { JsonObject } from '../json';
import { validateAppend, validateStreamId } from '../validation';
import { newEventId } from './event-id';

/** Key of the transaction-level advisory lock that serialises appends (any 64-bit constant unique to this table). */
export const APPEND_LOCK_KEY = 7_260_417_311n;

export interface PostgresEventStoreOptions {
  /** Connection string, or an existing pool the store then does not close. */
  readonly connectionString?: string;
  readonly pool?: Pool;
  readonly poolSize?: number;
  /** Clock for `recordedAt`; tests pass a fixed one. */
  readonly now?: () => Date;
  /** Most appends written in one transaction (group commit). */
  readonly maxBatch?: number;
  /**
   * Failpoint for tests: runs inside the append transaction after the rows are inserted and before COMMIT,
   * so a test can hold a writer open and watch readers, or kill the process there.
   */
  readonly beforeCommit?: (events: readonly RecordedEvent[]) => Promise<void>;
}

interface PendingAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly options: AppendOptions;
  /** The parts of each event's canonical envelope that do not depend on its place in the log, computed before the lock. */
  readonly canonical: CanonicalParts;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

interface EventRow {
  position: string;
  event_id: string;
  stream_id: string;
  stream_version: string;
  type: string;
  schema_version: number;
  data: JsonObject;
  metadata: EventMetadata;
  /** A Date, ISO text or epoch milliseconds, as the query that read it gives it. */
  recorded_at: Date | string | number;
  hash: string;
  /** The hash format (hash-chain.ts); 1 for every event recorded before the column existed. */
  hash_version: number;
}

/**
 * What the store's own reads select, in this order, fetched as arrays (`rowMode: 'array'`) and turned into events by
 * `fromReadRows`, so no keyed row object is built per event for the garbage collector. The time comes as epoch
 * milliseconds (a float8, parsed by a parseFloat, rounded to the millisecond a Date holds) rather than timestamptz text
 * that the driver parses with a regular expression per row; `date_part` gives the float8 directly, where `extract`
 * computes a numeric first (PostgreSQL 14+), at about three times the cost per row. `metadata` comes as the jsonb's
 * text and is parsed once per run of equal texts (the events of one append carry the same metadata). These are still
 * the stored columns, read as they are: an edited `data` or `metadata` reads as edited, as before, and verify still
 * names it.
 */
const READ_ROW_COLUMNS =
  "position, event_id, stream_id, stream_version, type, schema_version, data, metadata::text, date_part('epoch', recorded_at) * 1000, hash, hash_version";

/** One row of READ_ROW_COLUMNS as node-postgres returns it in array mode (int8 as decimal text, jsonb parsed). */
type ReadRow = [string, string, string, string, string, number, JsonObject, string, number, string, number];

/**
 * PostgreSQL adapter of the event store.
 *
 * Global order: every append transaction takes one transaction-level advisory lock, reads the head and writes its
 * events at head + 1, head + 2, …. PostgreSQL makes a transaction visible before it releases its locks, so positions
 * are gapless and commit in position order: a reader that sees position n also sees every position below it, and a
 * projection that reads "after its checkpoint" can never skip an event that commits late. The same lock lets each
 * event's hash chain onto the previous event's hash.
 *
 * Throughput: concurrent appends from one process are grouped into one transaction (group commit, as EventStoreDB's
 * writer does), so the lock and the fsync are paid once per group, not once per append. Each append in a group is
 * decided on its own: one append's version conflict fails that append only.
 */
export class PostgresEventStore extends EventStore {
  private readonly pool: Pool;
  private readonly ownsPool: boolean;
  private readonly now: () => Date;
  private readonly maxBatch: number;
  private readonly beforeCommit?: (events: readonly RecordedEvent[]) => Promise<void>;
  private readonly queue: PendingAppend[] = [];
  private inFlight = 0;
  private closed = false;

  constructor(options: PostgresEventStoreOptions) {
    super();
    if (options.pool) {
      this.pool = options.pool;
      this.ownsPool = false;
    } else {
      const config: PoolConfig = { connectionString: options.connectionString, max: options.poolSize ?? 10 };
      this.pool = new Pool(config);
      this.ownsPool = true;
      // An idle client that loses its connection must not crash the process; the next query reconnects.
      this.pool.on('error', () => undefined);
    }
    this.now = options.now ?? (() => new Date());
    this.maxBatch = options.maxBatch ?? 500;
    this.beforeCommit = options.beforeCommit;
  }

  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    try {
      validateAppend(streamId, events, options);
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.closed) return Promise.reject(new EventStoreUnavailable('the store is closed'));
    const metadata = storedMetadata(options.metadata);
    let canonical: CanonicalParts;
    try {
      canonical = canonicalParts(events, metadata);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ streamId, events, options: { ...options, metadata }, canonical, resolve, reject });
      this.flush();
    });
  }

  /**
   * Starts the next group transaction when none is running. One at a time on purpose: measured here, a second
   * overlapping group mostly waits on the lock and makes groups smaller (3,600 against 4,400 appends/s).
   */
  private flush(): void {
    while (this.queue.length > 0 && this.inFlight === 0) {
      const group = this.queue.splice(0, this.maxBatch);
      this.inFlight += 1;
      void this.writeGroup(group)
        .catch((error: unknown) => {
          const failure = error instanceof EventStoreError ? error : new EventStoreUnavailable(describeError(error), { cause: error });
          group.forEach((pending) => pending.reject(failure));
        })
        .finally(() => {
          this.inFlight -= 1;
          this.flush();
        });
    }
  }

  /**
   * One transaction for a group of appends in two round trips: (1) BEGIN, the lock and the state the decisions
   * need; (2) the insert and COMMIT. Both go as simple-protocol multi-statement queries, so the values are inlined
   * as literals (the payloads as one dollar-quoted text, see insertSql). Each append's promise settles only after COMMIT. (Measured alternatives that were slower
   * here, 1,300–2,000 against 5,100–5,600 single appends/s: named prepared statements and PL/pgSQL functions, whose
   * cached generic plans cost more than planning each group afresh.)
   */
  private async writeGroup(group: readonly PendingAppend[]): Promise<void> {
    const client = await this.connect();
    let released = false;
    try {
      const state = await this.lockAndLoadState(client, group);
      const outcomes = group.map((pending) => this.decide(pending, state));
      const rows = outcomes.flatMap((outcome) => (outcome.kind === 'written' ? outcome.result.events : []));
      if (rows.length === 0) {
        await client.query('COMMIT');
      } else {
        const insert = insertSql(outcomes.flatMap((outcome) => (outcome.kind === 'written' ? outcome.payloads : [])), rows);
        if (this.beforeCommit) {
          await client.query(insert);
          await this.beforeCommit(rows);
          await client.query('COMMIT');
        } else {
          await client.query(`${insert}; COMMIT`);
        }
      }
      group.forEach((pending, i) => {
        const outcome = outcomes[i];
        if (outcome.kind === 'failed') pending.reject(outcome.error);
        else pending.resolve(outcome.result);
      });
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        client.release(true);
        released = true;
      });
      throw error;
    } finally {
      if (!released) client.release();
    }
  }

  private async lockAndLoadState(client: PoolClient, group: readonly PendingAppend[]): Promise<GroupState> {
    const literalArray = (values: Iterable<string>) => `ARRAY[${[...new Set(values)].map(escapeLiteral).join(',')}]::text[]`;
    const streamIds = literalArray(group.map((pending) => pending.streamId));
    const commandIds = literalArray(group.map((pending) => pending.options.metadata.commandId));
    const results = await queryEach(
      client,
      `BEGIN; SELECT pg_advisory_xact_lock(${APPEND_LOCK_KEY}); SELECT
         (SELECT json_build_object('position', position::text, 'hash', hash) FROM events ORDER BY position DESC LIMIT 1) AS head,
         (SELECT json_agg(json_build_object('stream_id', s.id, 'version', v.version::text))
          FROM unnest(${streamIds}) AS s(id)
          CROSS JOIN LATERAL (SELECT stream_version AS version FROM events WHERE stream_id = s.id
                              ORDER BY stream_version DESC LIMIT 1) v) AS streams,
         (SELECT json_agg(json_build_object(
            'position', position::text, 'event_id', event_id, 'stream_id', stream_id, 'stream_version', stream_version::text,
            'type', type, 'schema_version', schema_version, 'data', data, 'metadata', metadata,
            'recorded_at', recorded_at, 'hash', hash, 'hash_version', hash_version, 'command_id', command_id) ORDER BY position)
          FROM events WHERE command_id = ANY(${commandIds})) AS commands`,
    );
    const [{ head, streams, commands }]: StateRow[] = results[2].rows;
    const byCommand = new Map<string, RecordedEvent[]>();
    for (const row of commands ?? []) {
      const event = fromRow(row);
      const list = byCommand.get(event.metadata.commandId) ?? [];
      list.push(event);
      byCommand.set(event.metadata.commandId, list);
    }
    return {
      position: head ? BigInt(head.position) : 0n,
      hash: head?.hash ?? GENESIS_HASH,
      versions: new Map((streams ?? []).map((row) => [row.stream_id, BigInt(row.version)])),
      byCommand,
    };
  }

  /** Decides one append against the group's running state; pure apart from advancing that state. */
  private decide(pending: PendingAppend, state: GroupState): Outcome {
    const { streamId, events, options } = pending;
    const stored = state.byCommand.get(options.metadata.commandId);
    if (stored) {
      // A retried command: return the first run's result, or refuse if the id now means something else.
      if (!isSameCommand(stored, streamId, events, options.metadata)) return { kind: 'failed', error: new CommandIdReused(options.metadata.commandId, streamId) };
      return {
        kind: 'replayed',
        result: { events: stored, nextExpectedVersion: stored[stored.length - 1].streamVersion, idempotentReplay: true },
      };
    }
    const current = state.versions.get(streamId) ?? -1n;
    const expected = options.expectedVersion;
    const matches =
      expected === 'any' ||
      (expected === 'no_stream' && current === -1n) ||
      (expected === 'stream_exists' && current >= 0n) ||
      (typeof expected === 'bigint' && expected === current);
    if (!matches) return { kind: 'failed', error: new WrongExpectedVersion(streamId, expected, current) };

    const recordedAt = this.now();
    const recordedAtText = isoMicros(recordedAt);
    const { data, metadata } = pending.canonical;
    const format = { commandId: options.metadata.commandId, hashVersion: CURRENT_HASH_VERSION };
    // Each event chains onto its predecessor; the first onto the head read under the lock.
    let previous = state.hash;
    const payloads: CanonicalRow[] = [];
    const shared: AppendParts = { metadata, recordedAt: recordedAtText };
    const chained: RecordedEvent[] = events.map((event, i) => {
      const eventId = newEventId();
      const position = state.position + BigInt(i + 1);
      const streamVersion = current + BigInt(i + 1);
      const schemaVersion = event.schemaVersion ?? 1;
      // The canonical bytes (hash-chain.ts `canonicalEvent` of this event, from parts computed once per append): hashed
      // here and stored as they are; the insert takes every other column from these same parts (insertSql).
      const payload = canonicalEnvelope(data[i], eventId, metadata, position.toString(), recordedAtText, canonicalJson(schemaVersion), streamId, streamVersion.toString(), event.type, format);
      payloads.push({ payload, data: data[i], shared });
      previous = chainHashOfCanonical(previous, payload);
      return {
        eventId, position, streamId, streamVersion, type: event.type, schemaVersion, data: event.data, metadata: options.metadata,
        recordedAt, hashVersion: CURRENT_HASH_VERSION, hash: previous,
      };
    });
    const last = chained[chained.length - 1];
    state.position = last.position;
    state.hash = previous;
    state.versions.set(streamId, last.streamVersion);
    state.byCommand.set(options.metadata.commandId, chained);
    return { kind: 'written', result: { events: chained, nextExpectedVersion: last.streamVersion, idempotentReplay: false }, payloads };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    validateStreamId(streamId);
    const backwards = options.direction === 'backwards';
    const limit = checkedLimit(options.maxCount);
    const from = options.fromVersion;
    if (from !== undefined && (typeof from !== 'bigint' || from < 0n)) throw new InvalidStoreInput('fromVersion', 'must be a bigint ≥ 0');
    const bound = from === undefined ? '' : backwards ? 'AND stream_version <= $2' : 'AND stream_version >= $2';
    const params: unknown[] = [streamId];
    if (from !== undefined) params.push(from.toString());
    params.push(limit);
    return this.readRows(
      `SELECT ${READ_ROW_COLUMNS} FROM events WHERE stream_id = $1 ${bound}
       ORDER BY stream_version ${backwards ? 'DESC' : 'ASC'} LIMIT $${params.length}`,
      params,
    );
  }

  async readCommand(streamId: string, commandId: string): Promise<RecordedEvent[]> {
    validateStreamId(streamId);
    if (typeof commandId !== 'string' || commandId.length === 0) throw new InvalidStoreInput('commandId', 'must not be empty');
    return this.readRows(`SELECT ${READ_ROW_COLUMNS} FROM events WHERE command_id = $1 AND stream_id = $2 ORDER BY position`, [commandId, streamId]);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? 0n;
    if (typeof after !== 'bigint' || after < 0n) throw new InvalidStoreInput('after', 'must be a bigint ≥ 0');
    return this.readRows(`SELECT ${READ_ROW_COLUMNS} FROM events WHERE position > $1 ORDER BY position LIMIT $2`, [
      after.toString(),
      checkedLimit(options.maxCount),
    ]);
  }

  async *subscribe(options: SubscribeOptions = {}): AsyncIterable<EventBatch> {
    let position = options.after ?? 0n;
    const batchSize = options.batchSize ?? 1000;
    const idle = options.idleMillis ?? 50;
    while (!options.signal?.aborted) {
      const events = await this.readAll({ after: position, maxCount: batchSize });
      if (events.length === 0) {
        await sleep(idle, undefined, { signal: options.signal }).catch(() => undefined);
        continue;
      }
      position = events[events.length - 1].position;
      yield { events, position };
    }
  }

  async headPosition(): Promise<bigint> {
    const { rows } = await this.query<{ position: string | null }>('SELECT max(position)::text AS position FROM events');
    return BigInt(rows[0].position ?? 0);
  }

  /** The position and hash of the last event: the digest an auditor keeps outside the database. */
  async head(): Promise<{ position: bigint; hash: string }> {
    const { rows } = await this.query<{ position: string; hash: string }>(
      'SELECT position::text AS position, hash FROM events ORDER BY events.position DESC LIMIT 1',
    );
    return rows.length ? { position: BigInt(rows[0].position), hash: rows[0].hash } : { position: 0n, hash: GENESIS_HASH };
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }

  async close(): Promise<void> {
    this.closed = true;
    while (this.inFlight > 0 || this.queue.length > 0) await sleep(5);
    if (this.ownsPool) await this.pool.end();
  }

  /** Underlying pool, for the verifier and for tests that need a raw connection. */
  get connectionPool(): Pool {
    return this.pool;
  }

  private async connect(): Promise<PoolClient> {
    try {
      const client = await this.pool.connect();
      if (!guarded.has(client)) {
        // A server restart (57P01) or a cut connection while this client is checked out between two queries is
        // emitted as an 'error' event; unheard, it would crash the process. The next query on it fails instead,
        // as EventStoreUnavailable, and the client is discarded.
        client.on('error', () => undefined);
        guarded.add(client);
      }
      return client;
    } catch (error) {
      throw new EventStoreUnavailable(describeError(error), { cause: error });
    }
  }

  /** Runs a read of READ_ROW_COLUMNS and returns its events. */
  private async readRows(text: string, values: unknown[]): Promise<RecordedEvent[]> {
    let rows: ReadRow[];
    try {
      ({ rows } = await this.pool.query<ReadRow>({ text, values, rowMode: 'array' }));
    } catch (error) {
      throw new EventStoreUnavailable(describeError(error), { cause: error });
    }
    return fromReadRows(rows);
  }

  private async query<R extends object>(text: string, params?: unknown[]): Promise<{ rows: R[] }> {
    try {
      return await this.pool.query<R & Record<string, unknown>>(text, params);
    } catch (error) {
      throw new EventStoreUnavailable(describeError(error), { cause: error });
    }
  }
}

/** Checked-out clients that already have an 'error' listener (clients are reused by the pool). */
const guarded = new WeakSet<PoolClient>();

interface StateRow {
  head: { position: string; hash: string } | null;
  streams: { stream_id: string; version: string }[] | null;
  commands: EventRow[] | null;
}

interface GroupState {
  position: bigint;
  hash: string;
  readonly versions: Map<string, bigint>;
  readonly byCommand: Map<string, RecordedEvent[]>;
}

/** What an append's canonical envelopes share and hold before positions are known: `data` per event, `metadata` once. */
interface CanonicalParts {
  readonly data: readonly string[];
  readonly metadata: string;
}

function canonicalParts(events: readonly NewEvent[], metadata: EventMetadata): CanonicalParts {
  const data = events.map((event) => canonicalJson(event.data));
  // The insert's line format (insertSql) relies on this; canonical JSON escapes every control character, so it holds.
  if (data.some((text) => text.includes('\t') || text.includes('\n'))) throw new Error('canonical JSON with a raw tab or line feed');
  return { data, metadata: canonicalJson(metadata) };
}

/**
 * One event's row as the insert takes it: its canonical envelope (`payload`) and the canonical parts it was
 * concatenated from that PostgreSQL must parse (`data`; `metadata` and the time once per append, in `shared`). The
 * scalar parts the envelope quotes (event id, position, stream and version, type, schema version, command id) come
 * from the recorded event, the same values `decide` built the envelope from.
 */
interface CanonicalRow {
  readonly payload: string;
  readonly data: string;
  /** The same object for every event of one append. */
  readonly shared: AppendParts;
}

interface AppendParts {
  /** Canonical JSON, as in the envelope. */
  readonly metadata: string;
  /** `isoMicros` of the recorded time, as in the envelope. */
  readonly recordedAt: string;
}

type Outcome =
  | { kind: 'written'; result: AppendResult; readonly payloads: readonly CanonicalRow[] }
  | { kind: 'replayed'; result: AppendResult }
  | { kind: 'failed'; error: EventStoreError };

export function fromRow(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    position: BigInt(row.position),
    streamId: row.stream_id,
    streamVersion: BigInt(row.stream_version),
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at instanceof Date ? row.recorded_at : new Date(typeof row.recorded_at === 'number' ? Math.round(row.recorded_at) : row.recorded_at),
    hash: row.hash,
    hashVersion: row.hash_version,
  };
}

/**
 * Events from rows of READ_ROW_COLUMNS. Neighbouring rows with the same metadata text share one parsed metadata
 * object, as the events an append returns already do (it is read-only).
 */
function fromReadRows(rows: readonly ReadRow[]): RecordedEvent[] {
  const events = new Array<RecordedEvent>(rows.length);
  let metadataText: string | undefined;
  let metadata: EventMetadata | undefined;
  for (let i = 0; i < rows.length; i += 1) {
    const row = rows[i];
    if (row[7] !== metadataText) {
      metadataText = row[7];
      metadata = JSON.parse(metadataText) as EventMetadata;
    }
    events[i] = {
      eventId: row[1],
      position: BigInt(row[0]),
      streamId: row[2],
      streamVersion: BigInt(row[3]),
      type: row[4],
      schemaVersion: row[5],
      data: row[6],
      metadata: metadata as EventMetadata,
      recordedAt: new Date(Math.round(row[8])),
      hash: row[9],
      hashVersion: row[10],
    };
  }
  return events;
}

/**
 * The insert of a group's events. Each row's columns are the very parts its canonical envelope (`payload`, hashed)
 * was concatenated from in `decide` (hash-chain.ts `canonicalEnvelope`): the canonical `data` and `metadata` texts,
 * the id, position, stream, version, type, schema version, command id and time as the envelope quotes them; only the
 * hash, which the bytes cannot contain, comes beside it. So the stored columns say what the hashed bytes say by
 * construction, as when they were taken back out of the parsed payload, and verify still checks that they do.
 * Measured (groups of 400 events, backend CPU): parsing each ~500-byte payload into jsonb and pulling ten fields back
 * out of it cost about 5.5 µs per event more than parsing only `data` and casting the scalar parts; PostgreSQL no
 * longer parses the payload at all.
 *
 * The group travels as one text of lines, one per event: hash, event id, position, stream version, the number of its
 * append in the group, schema version, type, `data`, payload, separated by tabs (`split_part` per column; cheaper here
 * than `string_to_array`, which builds an array per line). None of them holds a raw tab or line feed: canonical JSON
 * escapes every control character, the others are hex, digits or validated names. What an append's events share comes
 * once per append, so PostgreSQL parses it once per group rather than once per event: streams, command ids and
 * metadata as three JSON arrays (jsonb constants each row takes its append's element of, in constant time) and the
 * times as a timestamptz[]. Measured against a VALUES list joined by the append's number: the same for a few large
 * appends, about 5 µs per event less for a group of 400 one-event appends (the VALUES list and its join cost more to
 * plan than the rows save). The lines go as one dollar-quoted literal, which PostgreSQL takes byte for byte, so
 * nothing is escaped on either side; its tag is one the text does not contain.
 */
function insertSql(payloads: readonly CanonicalRow[], events: readonly RecordedEvent[]): string {
  const lines = new Array<string>(events.length);
  const streams: string[] = [];
  const commands: string[] = [];
  const metadata: string[] = [];
  const times: string[] = [];
  let shared: AppendParts | undefined;
  for (let i = 0; i < events.length; i += 1) {
    const event = events[i];
    const row = payloads[i];
    if (row.shared !== shared) {
      shared = row.shared;
      streams.push(JSON.stringify(event.streamId));
      commands.push(JSON.stringify(event.metadata.commandId));
      metadata.push(shared.metadata);
      times.push(`'${shared.recordedAt}'`);
    }
    lines[i] = `${event.hash}\t${event.eventId}\t${event.position}\t${event.streamVersion}\t${times.length - 1}\t${event.schemaVersion}\t${event.type}\t${row.data}\t${row.payload}`;
  }
  const text = lines.join('\n');
  const tag = dollarTag(text);
  const column = (n: number) => `split_part(line, E'\\t', ${n})`;
  const jsonArray = (items: readonly string[]) => `${jsonLiteral(`[${items.join(',')}]`)}::jsonb`;
  return `INSERT INTO events (position, event_id, stream_id, stream_version, type, schema_version, data, metadata, command_id, recorded_at, hash, hash_version, payload)
    SELECT ${column(3)}::bigint, ${column(2)}::uuid, ${jsonArray(streams)} ->> n, ${column(4)}::bigint, ${column(7)}, ${column(6)}::integer,
           ${column(8)}::jsonb, ${jsonArray(metadata)} -> n, ${jsonArray(commands)} ->> n, (ARRAY[${times.join(',')}]::timestamptz[])[n + 1],
           ${column(1)}, ${CURRENT_HASH_VERSION}, ${column(9)}
    FROM string_to_table(${tag}${text}${tag}, E'\\n') AS line, LATERAL (SELECT ${column(5)}::integer AS n) i`;
}

/**
 * A dollar-quote tag the text does not contain. Checked without the tag's closing '$' too: text ending in it would
 * close the quote early together with the tag (the tags have no other prefix that is also a suffix).
 */
function dollarTag(text: string): string {
  for (let n = 0; ; n += 1) {
    const tag = n === 0 ? '$grants_events$' : `$grants_events_${n}$`;
    if (!text.includes(tag.slice(0, -1))) return tag;
  }
}

/** A multi-statement simple query answers with one result per statement; pg's typings name only the single result. */
async function queryEach(client: PoolClient, sql: string): Promise<QueryResult[]> {
  const results: QueryResult | QueryResult[] = await client.query(sql);
  return Array.isArray(results) ? results : [results];
}

function checkedLimit(maxCount: number | undefined): number {
  if (maxCount === undefined) return 4096;
  if (!Number.isInteger(maxCount) || maxCount < 1 || maxCount > 100_000) {
    throw new InvalidStoreInput('maxCount', 'must be an integer from 1 to 100000');
  }
  return maxCount;
}

/**
 * A JSON text (what the appends of a group share, in the insert) as a SQL string literal for the simple query protocol, without
 * pg's own `escapeLiteral`, which walks the text one character at a time (12.5 ms against 0.6 ms for 300 kB here, paid
 * while the append lock is held).
 * The E'' form escapes backslashes itself, so the result does not depend on standard_conforming_strings; NUL cannot
 * occur (validation rejects it). The spec checks that PostgreSQL reads any text back unchanged through both.
 */
export function jsonLiteral(json: string): string {
  return `E'${json.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
