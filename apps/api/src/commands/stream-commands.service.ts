import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { CommandIdReused, EventMetadata, EventStore, NewEvent, RecordedEvent, Upcasters, WrongExpectedVersion } from '@grants/event-store';
import { Decider, DomainError, DomainEvent, eventGuard, withinPoint } from '@grants/domain';
import { AsOf, currentAsOf } from '../common/as-of';
import { CommandContext } from './command-context';

/** What folding a stream needs of its decider. */
export type { DomainEvent } from '@grants/domain';
export type StreamFold<S, E extends DomainEvent = DomainEvent> = Pick<Decider<S, never, E>, 'initialState' | 'evolve' | 'eventTypes'>;

export interface LoadedStream<S> {
  readonly state: S;
  /** Version of the stream's last event; -1n when the stream does not exist yet. */
  readonly version: bigint;
  readonly events: readonly RecordedEvent[];
}

export interface CommandOutcome {
  readonly events: readonly RecordedEvent[];
  /** Stream version after the command: the client's next `If-Match`. */
  readonly version: bigint;
  readonly idempotentReplay: boolean;
}

/**
 * Folded streams kept in memory, bounded by the number of events they hold (a national year has about 300,000 events
 * in 1,800 streams), so that one huge stream cannot push the memory up unnoticed.
 */
const CACHED_EVENTS = 400_000;

/**
 * Attempts of a command without If-Match that loses races to writers in other processes (this process's own writers
 * of a stream take turns): each lost race waits a little longer, with jitter, before it is decided again.
 */
export const MAX_ATTEMPTS = 5;

/**
 * Load → decide → append, the only way command handlers write (STYLE.md rule 16). A retried command (same
 * idempotency key and payload) returns its first result before anything is decided again. This process's commands on
 * one stream take turns, so they never race each other; a writer elsewhere makes the command re-run on the new state
 * (up to MAX_ATTEMPTS, then 409 COMMAND.CONTENDED), unless the client pinned a version with If-Match, which then
 * yields 412. Recorded events pass the upcasters here, at the store boundary, and are narrowed to the decider's event
 * union.
 */
@Injectable()
export class StreamCommands {
  private readonly cache = new LRUCache<string, LoadedStream<unknown>>({ maxSize: CACHED_EVENTS, sizeCalculation: (loaded) => loaded.events.length + 1 });
  private readonly foldIds = new WeakMap<object, number>();
  private lastFoldId = 0;
  /** The last command queued on each stream that has one waiting or running: the next one starts after it settles. */
  private readonly turns = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: EventStore,
    private readonly upcasters: Upcasters = new Upcasters(),
  ) {}

  /**
   * Folds a stream; with `asOf` (given, or the read request's `?asOf=`), only the events at or before that global
   * position or time: the stream as it stood then.
   */
  async load<S, E extends DomainEvent>(streamId: string, decider: StreamFold<S, E>, asOf: AsOf | undefined = currentAsOf()): Promise<LoadedStream<S>> {
    if (asOf) {
      const events = (await this.readFrom(streamId, 0n)).filter((e) => withinPoint(asOf, e));
      return { state: fold(decider, events, decider.initialState), version: BigInt(events.length) - 1n, events };
    }
    // Events never change once stored, so a fold computed earlier stays true: read only what was appended since.
    const key = `${this.foldId(decider)}|${streamId}`;
    const cached = this.cache.get(key) as LoadedStream<S> | undefined;
    const known = cached?.events ?? [];
    const fresh = await this.readFrom(streamId, BigInt(known.length));
    if (cached && fresh.length === 0) return cached;
    const events = known.length === 0 ? fresh : [...known, ...fresh];
    const loaded: LoadedStream<S> = { state: fold(decider, fresh, cached ? cached.state : decider.initialState), version: BigInt(events.length) - 1n, events };
    this.cache.set(key, loaded);
    return loaded;
  }

  /**
   * Runs one command on one stream: the command (or a function of the state and version that builds it) is decided
   * by the stream's decider on its current state, and the events are appended at the version they were decided on.
   */
  async handle<S, C, E extends DomainEvent>(
    streamId: string,
    decider: Decider<S, C, E>,
    context: CommandContext,
    command: C | ((state: S, version: bigint) => C),
  ): Promise<CommandOutcome> {
    return this.inTurn(streamId, () =>
      this.run(streamId, decider, context, (state, version) =>
        decider.decide(typeof command === 'function' ? (command as (state: S, version: bigint) => C)(state, version) : command, state),
      ),
    );
  }

  /** Runs `work` after every command queued before it on the stream has settled (decide and append are never nested). */
  private inTurn<T>(streamId: string, work: () => Promise<T>): Promise<T> {
    const before = this.turns.get(streamId) ?? Promise.resolve();
    const mine = before.then(work, work);
    const settled = mine.then(
      () => undefined,
      () => undefined,
    );
    this.turns.set(streamId, settled);
    void settled.then(() => {
      if (this.turns.get(streamId) === settled) this.turns.delete(streamId);
    });
    return mine;
  }

  private async run<S, E extends DomainEvent>(
    streamId: string,
    decider: StreamFold<S, E>,
    context: CommandContext,
    decide: (state: S, version: bigint) => readonly DomainEvent[],
  ): Promise<CommandOutcome> {
    for (let attempt = 1; ; attempt += 1) {
      const earlier = await this.store.readCommand(streamId, context.commandId);
      if (earlier.length > 0) {
        if (earlier[0].metadata.commandHash !== context.commandHash) throw new CommandIdReused(context.commandId, streamId);
        return { events: earlier, version: earlier[earlier.length - 1].streamVersion, idempotentReplay: true };
      }
      // A command decides on the stream as it is now, never as of an earlier point.
      const { state, version } = await this.load(streamId, decider, undefined);
      if (context.expectedVersion !== undefined && context.expectedVersion !== version) {
        throw new WrongExpectedVersion(streamId, context.expectedVersion, version);
      }
      const events = decide(state, version);
      if (events.length === 0) return { events: [], version, idempotentReplay: false };
      try {
        const result = await this.store.append(streamId, events.map(toNewEvent), {
          expectedVersion: version < 0n ? 'no_stream' : version,
          metadata: metadataOf(context),
        });
        return { events: result.events, version: result.nextExpectedVersion, idempotentReplay: result.idempotentReplay };
      } catch (error) {
        const pinned = context.expectedVersion !== undefined;
        if (!(error instanceof WrongExpectedVersion) || pinned) throw error;
        if (attempt >= MAX_ATTEMPTS) throw contended(streamId, attempt);
        await sleep(2 ** attempt * (1 + Math.random()));
      }
    }
  }

  private async readFrom(streamId: string, fromVersion: bigint): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for (;;) {
      const page = await this.store.readStream(streamId, { fromVersion: fromVersion + BigInt(events.length), maxCount: 4096 });
      for (const event of page) events.push(this.upcasters.upcast(event));
      if (page.length < 4096) return events;
    }
  }

  private foldId(decider: object): number {
    let id = this.foldIds.get(decider);
    if (id === undefined) {
      this.lastFoldId += 1;
      id = this.lastFoldId;
      this.foldIds.set(decider, id);
    }
    return id;
  }
}

/** 409 COMMAND.CONTENDED: other writers kept changing the stream while the command was decided again and again. */
function contended(streamId: string, attempts: number): DomainError {
  return new DomainError(
    'conflict',
    'COMMAND.CONTENDED',
    `他の更新が続いたため、${attempts} 回判定し直しても保存できませんでした。何も保存していません。少し待ってから再送してください。`,
    `Other writers kept changing ${streamId}: the command was decided ${attempts} times on the new state without landing. Nothing was stored; send it again shortly.`,
    undefined,
    { streamId, attempts },
  );
}

const guards = new WeakMap<object, (event: RecordedEvent) => boolean>();

/**
 * The query side's view of one stream: through the upcasters, as of the request's point in time, folded afresh for
 * each read, and never from the command side's cache (a query must not see or disturb what commands decide on). The
 * stream's upcast events are kept in a cache of the query side's own (stored events never change), so a read asks the
 * store only for the events appended since: a year's calculation stream holds a few large events (every recipient's
 * amounts) that were otherwise read and parsed again on every request.
 */
@Injectable()
export class StreamReads {
  private readonly read = new LRUCache<string, readonly RecordedEvent[]>({ maxSize: CACHED_EVENTS / 4, sizeCalculation: (events) => events.length + 1 });

  constructor(
    private readonly store: EventStore,
    private readonly upcasters: Upcasters = new Upcasters(),
  ) {}

  async load<S, E extends DomainEvent>(streamId: string, decider: StreamFold<S, E>, asOf: AsOf | undefined = currentAsOf()): Promise<LoadedStream<S>> {
    const stored = [...(this.read.get(streamId) ?? [])];
    for (;;) {
      const page = await this.store.readStream(streamId, { fromVersion: BigInt(stored.length), maxCount: 4096 });
      for (const event of page) stored.push(this.upcasters.upcast(event));
      if (page.length < 4096) break;
    }
    if (stored.length > 0) this.read.set(streamId, stored);
    const events = stored.filter((event) => withinPoint(asOf, event));
    return { state: fold(decider, events, decider.initialState), version: BigInt(events.length) - 1n, events };
  }
}

function fold<S, E extends DomainEvent>(decider: StreamFold<S, E>, events: readonly RecordedEvent[], from: S): S {
  let isEvent = guards.get(decider) as ((event: RecordedEvent) => event is RecordedEvent & E) | undefined;
  if (!isEvent) {
    isEvent = eventGuard<E>(decider.eventTypes);
    guards.set(decider, isEvent);
  }
  let state = from;
  for (const event of events) if (isEvent(event)) state = decider.evolve(state, event);
  return state;
}

/**
 * A decided event as the store takes it. Domain events are typed interfaces of plain JSON data (strings, numbers,
 * booleans, arrays and objects); the store checks at run time that it is so before anything is written.
 */
function toNewEvent(event: DomainEvent): NewEvent {
  return { type: event.type, ...(event.schemaVersion !== undefined && { schemaVersion: event.schemaVersion }), data: event.data as NewEvent['data'] };
}

export function metadataOf(context: CommandContext): EventMetadata {
  return {
    actorId: context.actor.actorId,
    actorRole: context.actor.role,
    organisationCode: context.actor.organisationCode,
    commandId: context.commandId,
    commandHash: context.commandHash,
    correlationId: context.correlationId,
    reason: context.reason,
  };
}
