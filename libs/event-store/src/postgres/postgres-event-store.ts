/*
 * Design.
 *
 * Stored bytes = hashed bytes. At append each event's canonical envelope (RFC 8785, hash-chain.ts `canonicalEvent`,
 * hash format 2) is computed once, hashed (SHA-256(previous hash ‖ envelope)) and stored as `payload`; the insert
 * parses it once and derives every other column from it (`data`/`metadata` as jsonb for queries and reads). verify
 * hashes `payload` as stored and has PostgreSQL say, in the same query, whether the columns still agree with it.
 * Events recorded before keep payload NULL (nothing is rewritten) and verify through the read adapter
 * (`chainHashOfText`); the hand-written jsonb-to-canonical byte reader is gone.
 *
 * Appends are written in runs. A run is one holding of the append lock: a session-level advisory lock
 * (APPEND_LOCK_KEY) taken on one of the pool's connections, after which the head is read once. Concurrent appends are
 * grouped (group commit: one transaction per group, the fsync paid once per group), and a run keeps several groups in
 * flight on connections of its own: group n + 1 reads the state its decisions need, is decided and sends its INSERT
 * while group n is still inserting or committing, and sends its COMMIT only once group n's COMMIT has returned. So
 * positions become visible in order and without gaps (a transaction is visible to every snapshot taken after its
 * COMMIT returns), while PostgreSQL inserts one group as the one before it waits for its fsync. Decisions (position,
 * hash chain, stream version, command id) are made in group order against the run's own record of the log, which
 * each group advances before it commits: sound because no other session appends while the lock is held (the
 * restore path, import-events.ts, takes the same lock). A group whose predecessor failed rolls back (its decisions
 * rested on it) and its appends are queued again for a new run, which reads the log afresh; the failed group's
 * appends fail, as before. A run ends when nothing is queued, when another session waits for the lock (asked in each
 * group's state query at most once every HOLD_MILLIS, so that processes take turns), or after
 * MAX_RUN_MILLIS; it unlocks after its last group is done. A process that dies mid-run loses its sessions: PostgreSQL
 * releases the lock and rolls back what had not committed, and a later commit of the same positions by another
 * session is refused by the primary key. Single events keep one group at a time (a second group starts only for a
 * backlog of PIPELINE_MIN_EVENTS), which keeps groups large and commits few.
 *
 * Designs considered and not built. (1) A staging table sealed into `events` by one sealer in transaction-id order
 * below `pg_snapshot_xmin`: every event written twice and each append waiting for a second commit, where the
 * bottleneck is already PostgreSQL's CPU per inserted event (see below). (2) Overlapping COMMITs of consecutive
 * groups: PostgreSQL does not promise that two concurrent commits become visible in the order they were sent, so a
 * reader could see group n + 1 before group n, and group n could still fail after n + 1 committed (a hole, and a
 * chain that no longer verifies). (3) Inserting at optimistic positions before taking the lock: another process
 * holding the lock and inserting the same positions waits on those rows while the optimistic writer waits for the
 * lock, a deadlock PostgreSQL breaks only after `deadlock_timeout`.
 *
 * Where the time goes (100 events per append, 4 clients, measured on this project's 2-core machine): PostgreSQL
 * spends about 20 µs of CPU per event inserted here (jsonb parse of the payload about 3, the four indexes about
 * 9: position, event_id, stream and version, command_id; about 1.4 kB of WAL against 0.6) against about 9 µs for a
 * plain one-table insert with two indexes; Node.js about 10 µs (canonical JSON, SHA-256, building the statement)
 * against about 5. Overlapping groups use the second core and hide the fsync, at a few µs more CPU per event (smaller
 * groups, inserts contending for the same index pages). They cannot hide that these events cost about twice the CPU
 * of plain inserts, which bounds the ratio to plain pg once both keep the machine's cores busy.
 */
import { randomUUID } from 'node:crypto';
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

/**
 * Key of the advisory lock that serialises appends (any 64-bit constant unique to this table): held at session level
 * by the store for a run of groups, at transaction level by the restore path; the two exclude each other.
 */
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
  /** Most group transactions in flight at once (inserting while the one before commits); at most the pool size - 1. */
  readonly pipelineDepth?: number;
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
 * Global order: appends are written under one advisory lock, held by one session at a time for a run of groups
 * (see the design note at the top). Each group's events go at the run's head + 1, head + 2, …, and a group commits
 * only after the one before it has, so positions are gapless and commit in position order: a reader that sees
 * position n also sees every position below it, and a projection that reads "after its checkpoint" can never skip
 * an event that commits late. The same order lets each event's hash chain onto the previous event's hash.
 *
 * Throughput: concurrent appends from one process are grouped into one transaction (group commit, as EventStoreDB's
 * writer does), so the fsync is paid once per group, not once per append, and a large backlog runs in overlapping
 * groups. Each append in a group is decided on its own: one append's version conflict fails that append only.
 */
export class PostgresEventStore extends EventStore {
  private readonly pool: Pool;
  private readonly ownsPool: boolean;
  private readonly now: () => Date;
  private readonly maxBatch: number;
  private readonly beforeCommit?: (events: readonly RecordedEvent[]) => Promise<void>;
  private readonly pipelineDepth: number;
  private readonly queue: PendingAppend[] = [];
  private run?: WriterRun;
  private starting = false;
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
    // The run's lock holder is one of the pool's connections and stays checked out: groups beyond the first need more.
    const poolMax = this.pool.options.max ?? 10;
    this.pipelineDepth = Math.max(1, Math.min(options.pipelineDepth ?? 3, poolMax - 1));
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
      canonical = canonicalParts(streamId, events, metadata);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ streamId, events, options: { ...options, metadata }, canonical, resolve, reject });
      this.flush();
    });
  }

  /**
   * Starts what the queue allows: the writer run (the append lock) when there is none, then groups. A new group
   * starts when none is running; or, once a large enough backlog waits (PIPELINE_MIN_EVENTS), as soon as the groups
   * before it have been decided and sent their inserts, up to `pipelineDepth` groups, so that PostgreSQL inserts one
   * group while the one before it commits. Single events keep waiting for one group at a time, which makes larger
   * groups and fewer commits.
   */
  private flush(): void {
    if (this.queue.length === 0) return;
    const run = this.run;
    if (!run) {
      if (!this.starting) void this.startRun();
      return;
    }
    while (this.queue.length > 0 && !run.closing) {
      const pipelined = run.preparing === 0 && run.inFlight < this.pipelineDepth && queuedEvents(this.queue, PIPELINE_MIN_EVENTS) >= PIPELINE_MIN_EVENTS;
      if (run.inFlight > 0 && !pipelined) return;
      this.startGroup(run, this.queue.splice(0, this.maxBatch));
    }
  }

  /** Takes the append lock and the head, then starts the queued groups; a failure there fails what is queued. */
  private async startRun(): Promise<void> {
    this.starting = true;
    let holder: PoolClient | undefined;
    try {
      holder = await this.connect();
      const results = await queryEach(
        holder,
        `SELECT pg_advisory_lock(${APPEND_LOCK_KEY}); SELECT position::text AS position, hash FROM events ORDER BY events.position DESC LIMIT 1`,
      );
      const [head] = results[1].rows as { position: string; hash: string }[];
      this.run = new WriterRun(holder, head ? BigInt(head.position) : 0n, head?.hash ?? GENESIS_HASH);
    } catch (error) {
      // The session (and a lock it may hold) ends with the connection.
      holder?.release(true);
      const failure = asStoreError(error);
      this.queue.splice(0).forEach((pending) => pending.reject(failure));
    } finally {
      this.starting = false;
    }
    this.flush();
  }

  private startGroup(run: WriterRun, group: PendingAppend[]): void {
    run.inFlight += 1;
    run.preparing += 1;
    const previous = run.committed;
    const decidedBefore = run.decided;
    let committed!: (ok: boolean) => void;
    let decided!: () => void;
    run.committed = new Promise((resolve) => (committed = resolve));
    run.decided = new Promise((resolve) => (decided = resolve));
    void this.writeGroup(run, group, previous, decidedBefore, decided).then(committed, () => committed(false)).finally(() => {
      run.inFlight -= 1;
      this.afterGroup(run);
    });
  }

  /** Ends the run when it admits no more groups or has nothing left to do (after a turn, so that clients can queue again). */
  private afterGroup(run: WriterRun): void {
    if (run.inFlight > 0) return;
    if (run.closing) {
      void this.endRun(run);
      return;
    }
    this.flush();
    if (run.inFlight > 0) return;
    setImmediate(() => {
      if (this.run !== run || run.inFlight > 0) return;
      this.flush();
      if (run.inFlight === 0) void this.endRun(run);
    });
  }

  /** Releases the append lock; appends of groups that were rolled back behind a failed one go first in the queue again. */
  private async endRun(run: WriterRun): Promise<void> {
    if (this.run !== run) return;
    this.run = undefined;
    this.queue.unshift(...run.retry);
    try {
      await run.holder.query(`SELECT pg_advisory_unlock(${APPEND_LOCK_KEY})`);
      run.holder.release();
    } catch {
      run.holder.release(true);
    }
    this.flush();
  }

  /**
   * One group in one transaction: (1) BEGIN and the state the decisions need that the run does not know yet; (2) the
   * insert; (3) COMMIT, once the group before it has committed (so positions commit in order); (2) and (3) in one
   * round trip when no group before it is still in flight.
   * Decisions are made in group order, against the run's state, which the groups before have advanced. A group
   * whose predecessor failed rolls back and its appends are queued again, for a new run that reads the log afresh.
   * Each append's promise settles only after its COMMIT. Resolves whether the group committed.
   */
  private async writeGroup(run: WriterRun, group: readonly PendingAppend[], previous: Promise<boolean>, decidedBefore: Promise<void>, decided: () => void): Promise<boolean> {
    const onHolder = !run.holderBusy;
    let client: PoolClient | undefined;
    let decisionsMade = false;
    let broken = false;
    try {
      if (onHolder) run.holderBusy = true;
      client = onHolder ? run.holder : await this.connect();
      const state = await this.loadState(client, run, group);
      await decidedBefore;
      if (run.broken) throw REQUEUE;
      run.learn(state);
      const outcomes = group.map((pending) => this.decide(pending, run));
      decisionsMade = true;
      run.preparing -= 1;
      decided();
      const rows = outcomes.flatMap((outcome) => (outcome.kind === 'written' ? outcome.result.events : []));
      const insert = rows.length > 0 ? insertSql(outcomes.flatMap((outcome) => (outcome.kind === 'written' ? outcome.payloads : [])), rows) : undefined;
      this.flush();
      if (insert && run.inFlight === 1 && !run.broken && !this.beforeCommit) {
        // Alone in flight (every group before it is done, and none failed): insert and COMMIT in one round trip.
        await client.query(`${insert}; COMMIT`);
      } else {
        if (insert) await client.query(insert);
        if (!(await previous) || run.broken) throw REQUEUE;
        if (this.beforeCommit && rows.length > 0) await this.beforeCommit(rows);
        await client.query('COMMIT');
      }
      group.forEach((pending, i) => {
        const outcome = outcomes[i];
        if (outcome.kind === 'failed') pending.reject(outcome.error);
        else pending.resolve(outcome.result);
      });
      return true;
    } catch (error) {
      run.broken = true;
      run.closing = true;
      if (!decisionsMade) {
        run.preparing -= 1;
        decided();
      }
      await client?.query('ROLLBACK').catch(() => (broken = true));
      if (error === REQUEUE) run.retry.push(...group);
      else group.forEach((pending) => pending.reject(asStoreError(error)));
      return false;
    } finally {
      if (onHolder) run.holderBusy = false;
      else client?.release(broken || undefined);
    }
  }

  /**
   * BEGIN and, in the same round trip, the current versions of the group's streams the run does not know yet, the
   * events already stored under the group's command ids, and, at most once every HOLD_MILLIS, whether another
   * session waits for the append lock. Nothing here needs the lock: the run holds it.
   */
  private async loadState(client: PoolClient, run: WriterRun, group: readonly PendingAppend[]): Promise<LoadedState> {
    const literalArray = (values: Iterable<string>) => `ARRAY[${[...new Set(values)].map(escapeLiteral).join(',')}]::text[]`;
    const unknownStreams = group.map((pending) => pending.streamId).filter((id) => !run.versions.has(id));
    const commandIds = literalArray(group.map((pending) => pending.options.metadata.commandId));
    const now = Date.now();
    const ask = now - run.askedAt > HOLD_MILLIS;
    if (ask) run.askedAt = now;
    const waiting = ask ? `EXISTS (${LOCK_WAITERS_SQL})` : 'false';
    const results = await queryEach(
      client,
      `BEGIN; SELECT
         (SELECT json_agg(json_build_object('stream_id', s.id, 'version', v.version::text))
          FROM unnest(${literalArray(unknownStreams)}) AS s(id)
          CROSS JOIN LATERAL (SELECT stream_version AS version FROM events WHERE stream_id = s.id
                              ORDER BY stream_version DESC LIMIT 1) v) AS streams,
         (SELECT json_agg(json_build_object(
            'position', position::text, 'event_id', event_id, 'stream_id', stream_id, 'stream_version', stream_version::text,
            'type', type, 'schema_version', schema_version, 'data', data, 'metadata', metadata,
            'recorded_at', recorded_at, 'hash', hash, 'hash_version', hash_version, 'command_id', command_id) ORDER BY position)
          FROM events WHERE command_id = ANY(${commandIds})) AS commands,
         ${waiting} AS waiting`,
    );
    const [{ streams, commands, waiting: others }]: StateRow[] = results[1].rows;
    const versions = new Map<string, bigint>(unknownStreams.map((id) => [id, -1n]));
    for (const row of streams ?? []) versions.set(row.stream_id, BigInt(row.version));
    const byCommand = new Map<string, RecordedEvent[]>();
    for (const row of commands ?? []) {
      const event = fromRow(row);
      const list = byCommand.get(event.metadata.commandId) ?? [];
      list.push(event);
      byCommand.set(event.metadata.commandId, list);
    }
    return { versions, byCommand, othersWaiting: others };
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
    const payloads: string[] = [];
    const chained: RecordedEvent[] = events.map((event, i) => {
      const eventId = randomUUID();
      const position = state.position + BigInt(i + 1);
      const streamVersion = current + BigInt(i + 1);
      const schemaVersion = event.schemaVersion ?? 1;
      // The canonical bytes (hash-chain.ts `canonicalEvent` of this event, from parts computed once per append): hashed
      // here, stored as they are, and every other column derived from them.
      const payload = canonicalEnvelope(data[i], eventId, metadata, position.toString(), recordedAtText, canonicalJson(schemaVersion), streamId, streamVersion.toString(), event.type, format);
      payloads.push(payload);
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
    while (this.run || this.starting || this.queue.length > 0) await sleep(5);
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
  streams: { stream_id: string; version: string }[] | null;
  commands: EventRow[] | null;
  waiting: boolean;
}

interface GroupState {
  position: bigint;
  hash: string;
  readonly versions: Map<string, bigint>;
  readonly byCommand: Map<string, RecordedEvent[]>;
}

/** What a group's state query found: versions of streams the run did not know (-1: no stream), stored commands. */
interface LoadedState {
  readonly versions: ReadonlyMap<string, bigint>;
  readonly byCommand: ReadonlyMap<string, RecordedEvent[]>;
  readonly othersWaiting: boolean;
}

/** Every this long, a run asks whether another session waits for the append lock, and hands it over if one does. */
const HOLD_MILLIS = 20;
/** A run ends after this long in any case, so that what it keeps in memory stays small. */
const MAX_RUN_MILLIS = 1000;
/** Queued events from which a second group starts while the one before it is still inserting or committing. */
const PIPELINE_MIN_EVENTS = 64;

/** Sessions waiting for the append lock (a bigint advisory key shows as its high and low 32 bits, objsubid 1). */
const LOCK_WAITERS_SQL = `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objsubid = 1
  AND ((classid::bigint << 32) | objid::bigint) = ${APPEND_LOCK_KEY}`;

/** Thrown inside a group whose predecessor failed: roll back and queue its appends again. */
const REQUEUE = Symbol('requeue');

/**
 * One holding of the append lock: a session-level advisory lock on `holder`, taken before the head is read and
 * released after the last group of the run has committed or rolled back. While it is held no other session appends,
 * so the run's own record of the head, of stream versions and of command ids (advanced by each group's decisions, in
 * order, before those groups commit) is the log's state once the groups before have committed.
 */
class WriterRun implements GroupState {
  readonly versions = new Map<string, bigint>();
  readonly byCommand = new Map<string, RecordedEvent[]>();
  readonly started = Date.now();
  /** When the run last asked whether another session waits for the lock (it does not before HOLD_MILLIS). */
  askedAt = this.started;
  /** Appends of groups rolled back because a group before them failed: queued again when the run ends. */
  readonly retry: PendingAppend[] = [];
  inFlight = 0;
  /** Groups started and not yet decided: a pipelined group starts only when this is 0. */
  preparing = 0;
  holderBusy = false;
  /** Admits no new group: the run ends once those in flight are done. */
  closing = false;
  /** A group failed: the groups after it roll back, and the run's state is no longer the log's. */
  broken = false;
  /** Whether the newest group committed; the next one commits only after it did. */
  committed: Promise<boolean> = Promise.resolve(true);
  /** Settles once the newest group has been decided; the next one decides after it. */
  decided: Promise<void> = Promise.resolve();

  constructor(
    readonly holder: PoolClient,
    public position: bigint,
    public hash: string,
  ) {}

  /** Takes in what a group's state query found, where the groups decided since did not already write newer state. */
  learn(state: LoadedState): void {
    for (const [streamId, version] of state.versions) if (!this.versions.has(streamId)) this.versions.set(streamId, version);
    for (const [commandId, events] of state.byCommand) if (!this.byCommand.has(commandId)) this.byCommand.set(commandId, events);
    if (state.othersWaiting || Date.now() - this.started > MAX_RUN_MILLIS) this.closing = true;
  }
}

/** How many events the queue holds, counting up to `enough`. */
function queuedEvents(queue: readonly PendingAppend[], enough: number): number {
  let count = 0;
  for (const pending of queue) {
    count += pending.events.length;
    if (count >= enough) break;
  }
  return count;
}

function asStoreError(error: unknown): EventStoreError {
  return error instanceof EventStoreError ? error : new EventStoreUnavailable(describeError(error), { cause: error });
}

/** What an append's canonical envelopes share and hold before positions are known: `data` per event, `metadata` once. */
interface CanonicalParts {
  readonly data: readonly string[];
  readonly metadata: string;
}

function canonicalParts(streamId: string, events: readonly NewEvent[], metadata: EventMetadata): CanonicalParts {
  return { data: events.map((event) => canonicalJson(event.data)), metadata: canonicalJson(metadata) };
}

type Outcome =
  | { kind: 'written'; result: AppendResult; readonly payloads: readonly string[] }
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
 * The insert of a group's events from their canonical bytes alone: each payload is parsed once by PostgreSQL
 * (`OFFSET 0` keeps the parse from being repeated per column) and every column is taken from it, `data` and
 * `metadata` as jsonb for queries; only the hash, which the bytes cannot contain, comes beside it. So the stored
 * columns say what the hashed bytes say by construction.
 *
 * The group travels as one text of lines, each the event's hash (64 hex digits) followed by its payload: canonical
 * JSON holds no raw line feed (JSON escapes it inside strings), so the lines split back exactly. That text goes as one
 * dollar-quoted literal, which PostgreSQL takes byte for byte, so nothing is escaped on either side; only when a
 * payload happens to contain the quote's tag (or, which cannot happen, a line feed) is it quoted as before.
 */
function insertSql(payloads: readonly string[], events: readonly RecordedEvent[]): string {
  const lines = events.map((event, i) => event.hash + payloads[i]).join('\n');
  // The tag without its closing '$' too: text ending in it would close the quote early together with the tag.
  const unsafe = lines.includes(DOLLAR_TAG.slice(0, -1)) || payloads.some((payload) => payload.includes('\n'));
  const source = unsafe
    ? `unnest(ARRAY[${payloads.map(jsonLiteral).join(',')}]::text[], ARRAY[${events.map((event) => `'${event.hash}'`).join(',')}]::text[]) AS u(payload, hash)`
    : `(SELECT substr(line, 65) AS payload, left(line, 64) AS hash FROM string_to_table(${DOLLAR_TAG}${lines}${DOLLAR_TAG}, E'\\n') AS line) u`;
  return `INSERT INTO events (position, event_id, stream_id, stream_version, type, schema_version, data, metadata, command_id, recorded_at, hash, hash_version, payload)
    SELECT (p->>'position')::bigint, (p->>'eventId')::uuid, p->>'streamId', (p->>'streamVersion')::bigint, p->>'type',
           (p->>'schemaVersion')::integer, p->'data', p->'metadata', p->>'commandId', (p->>'recordedAt')::timestamptz,
           hash, (p->>'hashVersion')::smallint, payload
    FROM (SELECT u.payload, u.hash, u.payload::jsonb AS p FROM ${source} OFFSET 0) x`;
}

/** The tag of the dollar-quoted literal a group's payloads travel in. */
const DOLLAR_TAG = '$grants_events$';

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
 * The batch of rows as a SQL string literal for the simple query protocol. Everything else is quoted by pg's own
 * `escapeLiteral`; this one document (hundreds of kilobytes for a large group) is not, because escapeLiteral walks
 * the text one character at a time: 12.5 ms against 0.6 ms for 300 kB here, paid while the append lock is held.
 * The E'' form escapes backslashes itself, so the result does not depend on standard_conforming_strings; NUL cannot
 * occur (validation rejects it). The spec checks that PostgreSQL reads any text back unchanged through both.
 */
export function jsonLiteral(json: string): string {
  return `E'${json.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
