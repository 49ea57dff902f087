import { PoolClient } from 'pg';
import { AppendOptions, AppendResult, EventMetadata, NewEvent, RecordedEvent } from '../event-store';
import { canonicalJson } from '../hash-chain';

/*
 * The store's writer runs (postgres-event-store.ts, design note at the top): what a run of groups holds while it has
 * the append lock, and the limits that decide when it starts a second group and when it hands the lock over.
 */

/**
 * Key of the advisory lock that serialises appends (any 64-bit constant unique to this table): held at session level
 * by the store for a run of groups, at transaction level by the restore path; the two exclude each other.
 */
export const APPEND_LOCK_KEY = 7_260_417_311n;

/** An append waiting in the queue, or in a group. */
export interface PendingAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly options: AppendOptions;
  /** The parts of each event's canonical envelope that do not depend on its place in the log, computed before the lock. */
  readonly canonical: CanonicalParts;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

/** The log as a group decides against it: head position and hash, stream versions, stored commands. */
export interface GroupState {
  position: bigint;
  hash: string;
  readonly versions: Map<string, bigint>;
  readonly byCommand: Map<string, RecordedEvent[]>;
}

/** What a group's state query found: versions of streams the run did not know (-1: no stream), stored commands. */
export interface LoadedState {
  readonly versions: ReadonlyMap<string, bigint>;
  readonly byCommand: ReadonlyMap<string, RecordedEvent[]>;
  readonly othersWaiting: boolean;
}

/** Every this long, a run asks whether another session waits for the append lock, and hands it over if one does. */
export const HOLD_MILLIS = 20;
/** A run ends after this long in any case, so that what it keeps in memory stays small. */
export const MAX_RUN_MILLIS = 1000;
/** Queued events from which a second group starts while the one before it is still inserting or committing. */
export const PIPELINE_MIN_EVENTS = 64;

/** Sessions waiting for the append lock (a bigint advisory key shows as its high and low 32 bits, objsubid 1). */
export const LOCK_WAITERS_SQL = `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objsubid = 1
  AND ((classid::bigint << 32) | objid::bigint) = ${APPEND_LOCK_KEY}`;

/** Thrown inside a group whose predecessor failed: roll back and queue its appends again. */
export const REQUEUE = Symbol('requeue');

/**
 * One holding of the append lock: a session-level advisory lock on `holder`, taken before the head is read and
 * released after the last group of the run has committed or rolled back. While it is held no other session appends,
 * so the run's own record of the head, of stream versions and of command ids (advanced by each group's decisions, in
 * order, before those groups commit) is the log's state once the groups before have committed.
 */
export class WriterRun implements GroupState {
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
export function queuedEvents(queue: readonly PendingAppend[], enough: number): number {
  let count = 0;
  for (const pending of queue) {
    count += pending.events.length;
    if (count >= enough) break;
  }
  return count;
}

/** What an append's canonical envelopes share and hold before positions are known: `data` per event, `metadata` once. */
export interface CanonicalParts {
  readonly data: readonly string[];
  readonly metadata: string;
}

export function canonicalParts(streamId: string, events: readonly NewEvent[], metadata: EventMetadata): CanonicalParts {
  return { data: events.map((event) => canonicalJson(event.data)), metadata: canonicalJson(metadata) };
}
