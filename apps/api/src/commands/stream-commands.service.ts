import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { CommandIdReused, EventMetadata, EventStore, NewEvent, RecordedEvent, Upcasters, WrongExpectedVersion } from '@grants/event-store';
import { withinPoint } from '@grants/domain';
import { AsOf, currentAsOf } from '../common/as-of';
import { CommandContext } from './command-context';

/** An event as a decider returns it: a written-out type and plain data (checked as JSON by the store). */
export interface DomainEvent {
  readonly type: string;
  readonly schemaVersion?: number;
  readonly data: object;
}

/** The pure half of a stream: how its events fold into the state its decisions need. */
export interface StreamFold<S> {
  readonly initialState: S;
  evolve(state: S, event: RecordedEvent): S;
}

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

/** Folded streams kept in memory (a national year has about 1,800 streams). */
const CACHED_STREAMS = 10_000;

const foldIds = new WeakMap<object, number>();
let lastFoldId = 0;
function foldId(fold: object): number {
  const known = foldIds.get(fold);
  if (known !== undefined) return known;
  lastFoldId += 1;
  foldIds.set(fold, lastFoldId);
  return lastFoldId;
}

/** Enough for a burst of writers on one stream: each lost race waits a little longer, with jitter. */
const MAX_ATTEMPTS = 25;

/**
 * Load → decide → append, the only way command handlers write (STYLE.md rule 16). A retried command (same
 * idempotency key and payload) returns its first result before anything is decided again; a concurrent writer makes
 * the command re-run on the new state, unless the client pinned a version with If-Match, which then yields 412.
 */
@Injectable()
export class StreamCommands {
  private readonly cache = new Map<string, LoadedStream<unknown>>();

  constructor(
    private readonly store: EventStore,
    private readonly upcasters: Upcasters = new Upcasters(),
  ) {}

  /**
   * Folds a stream; with `asOf` (given, or the read request's `?asOf=`), only the events at or before that global
   * position or time: the stream as it stood then.
   */
  async load<S>(streamId: string, fold: StreamFold<S>, asOf: AsOf | undefined = currentAsOf()): Promise<LoadedStream<S>> {
    if (asOf) {
      const all = await this.readFrom(streamId, 0n);
      const events = all.filter((e) => withinPoint(asOf, e));
      const state = events.reduce((s, e) => fold.evolve(s, e), fold.initialState);
      return { state, version: BigInt(events.length) - 1n, events };
    }
    // Events never change once stored, so a fold computed earlier stays true: read only what was appended since.
    const key = `${foldId(fold)}|${streamId}`;
    const cached = this.cache.get(key) as LoadedStream<S> | undefined;
    const known = cached?.events ?? [];
    const fresh = await this.readFrom(streamId, BigInt(known.length));
    if (cached && fresh.length === 0) {
      this.touch(key, cached);
      return cached;
    }
    const events = known.length === 0 ? fresh : [...known, ...fresh];
    const state = fresh.reduce((s, e) => fold.evolve(s, e), cached ? cached.state : fold.initialState);
    const loaded: LoadedStream<S> = { state, version: BigInt(events.length) - 1n, events };
    this.touch(key, loaded);
    return loaded;
  }

  private async readFrom(streamId: string, fromVersion: bigint): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for (;;) {
      const page = await this.store.readStream(streamId, { fromVersion: fromVersion + BigInt(events.length), maxCount: 4096 });
      for (const event of page) events.push(this.upcasters.upcast(event));
      if (page.length < 4096) return events;
    }
  }

  /** Most recently used last; the oldest folds are dropped beyond the cache's size. */
  private touch(key: string, loaded: LoadedStream<unknown>): void {
    this.cache.delete(key);
    this.cache.set(key, loaded);
    if (this.cache.size > CACHED_STREAMS) this.cache.delete(this.cache.keys().next().value!);
  }

  /** The stream's latest event of a type (as of the read request's point in time, if any). */
  async latestOfType(streamId: string, type: string, asOf: AsOf | undefined = currentAsOf()): Promise<RecordedEvent | undefined> {
    let from: bigint | undefined;
    for (;;) {
      const page = await this.store.readStream(streamId, { direction: 'backwards', fromVersion: from, maxCount: 256 });
      const found = page.find((e) => e.type === type && withinPoint(asOf, e));
      if (found) return this.upcasters.upcast(found);
      if (page.length < 256 || page[page.length - 1].streamVersion === 0n) return undefined;
      from = page[page.length - 1].streamVersion - 1n;
    }
  }

  async execute<S>(
    streamId: string,
    fold: StreamFold<S>,
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
      const { state, version } = await this.load(streamId, fold, undefined);
      if (context.expectedVersion !== undefined && context.expectedVersion !== version) {
        throw new WrongExpectedVersion(streamId, context.expectedVersion, version);
      }
      const events = decide(state, version);
      if (events.length === 0) return { events: [], version, idempotentReplay: false };
      try {
        // Domain events are typed interfaces; the store checks at runtime that their data is plain JSON.
        const result = await this.store.append(streamId, events as readonly NewEvent[], {
          expectedVersion: version < 0n ? 'no_stream' : version,
          metadata: metadataOf(context),
        });
        return { events: result.events, version: result.nextExpectedVersion, idempotentReplay: result.idempotentReplay };
      } catch (error) {
        const pinned = context.expectedVersion !== undefined;
        if (!(error instanceof WrongExpectedVersion) || pinned || attempt >= MAX_ATTEMPTS) throw error;
        await sleep(Math.random() * Math.min(50, 2 * attempt));
      }
    }
  }
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
