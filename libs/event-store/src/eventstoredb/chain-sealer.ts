import { randomUUID } from 'node:crypto';
import { ErrorType, isCommandError, NO_STREAM } from '@eventstore/db-client';
import { EventStoreUnavailable } from '../errors';
import { RecordedEvent } from '../event-store';
import { chainHash } from '../hash-chain';
import { ChainLink, DEFAULT_SEAL_STREAM, GENESIS_LINK, parseSeal, readLastSeal, SEAL_EVENT_TYPE, SealEntry, sealData, SEALED_HASH_VERSION } from './chain-seals';
import { decodePosition, encodePosition, EventStoreDbEventStore } from './eventstoredb-event-store';

export interface ChainSealerOptions {
  /** The stream seals are written to (default `$grants-chain`); tests give each run one of its own. */
  readonly sealStream?: string;
  /** Events per seal event, at most (default 500: a seal of about 75 kB, well under EventStoreDB's 1 MB append). */
  readonly eventsPerSeal?: number;
  /** Pause between rounds when caught up (default 500 ms), and after a failed round (default 5 s). */
  readonly idleMillis?: number;
  readonly retryMillis?: number;
  /** A background round failed (it is retried after `retryMillis`). */
  readonly onError?: (error: unknown) => void;
  /** A background round succeeded, having sealed this many events (0 when there was nothing new). */
  readonly onRound?: (sealed: number) => void;
}

/** Conflicts in a row one round accepts before it gives up (sealers racing settle long before). */
const MAX_CONFLICTS = 20;

/** The chain head as the seal stream has it: its last revision (-1n: no seal yet) and the last sealed event. */
interface SealedHead {
  readonly revision: bigint;
  readonly link: ChainLink;
}

/**
 * The hash chain of the EventStoreDB adapter. EventStoreDB assigns an event's position only when it commits it, so
 * the event cannot carry its own chain hash as a PostgreSQL row does; instead this sealer follows $all after the
 * fact — user events only (no system stream or event type, hence never its own `$` seal stream), in commit order —
 * computes the same chain as the PostgreSQL store (hash-chain.ts, format 2: SHA-256(previous hash ‖ RFC 8785
 * envelope), the position being the packed commit/prepare pair) and writes, per batch of up to `eventsPerSeal`
 * events, one seal event listing each event's position, id and hash (chain-seals.ts) to the seal stream.
 *
 * Appends never wait for it: it runs beside them (the API starts one, chain-sealer.service.ts), so the newest events
 * stay unsealed for a moment, and verify reports them as such. Every seal is written at the seal stream's expected
 * revision, so two sealers (two API replicas) cannot fork the chain: the one that loses the race reloads the head the
 * other wrote and goes on from there. Any failed round drops what this sealer believed and reloads it.
 *
 * Only the fake client's unit tests run it on every build; against a real server it runs in the contract suite when
 * EVENTSTORE_CONNECTION_STRING is set.
 */
export class EventStoreDbChainSealer {
  readonly sealStream: string;
  private readonly eventsPerSeal: number;
  private readonly idleMillis: number;
  private readonly retryMillis: number;
  private head?: SealedHead;
  private running?: { readonly stop: AbortController; readonly done: Promise<void> };

  constructor(
    private readonly store: EventStoreDbEventStore,
    private readonly options: ChainSealerOptions = {},
  ) {
    this.sealStream = options.sealStream ?? DEFAULT_SEAL_STREAM;
    if (!this.sealStream.startsWith('$')) throw new RangeError('the seal stream must be a $ stream, which the adapter never reads as events');
    this.eventsPerSeal = options.eventsPerSeal ?? 500;
    if (!Number.isInteger(this.eventsPerSeal) || this.eventsPerSeal < 1 || this.eventsPerSeal > 4096) throw new RangeError('eventsPerSeal must be an integer from 1 to 4096');
    this.idleMillis = options.idleMillis ?? 500;
    this.retryMillis = options.retryMillis ?? 5_000;
  }

  /**
   * Seals every user event $all holds now after the last seal; returns how many it sealed. When another sealer
   * writes first, this one reloads the head and goes on after what the other sealed.
   */
  async sealOnce(): Promise<number> {
    let sealed = 0;
    let conflicts = 0;
    try {
      for (;;) {
        const head = (this.head ??= await this.loadHead());
        const after = head.link.commit === 0n && head.link.prepare === 0n ? 0n : encodePosition(head.link);
        const events = await this.store.readAll({ after, maxCount: this.eventsPerSeal });
        if (events.length === 0) return sealed;
        const entries = chainOf(head.link, events);
        const written = await this.append(head, entries);
        if (written === undefined) {
          // Another sealer wrote this revision: take its head and seal what is still unsealed after it. A stream that
          // keeps refusing the revision its own last seal gives (e.g. soft-deleted, so read as empty) is not raced.
          this.head = undefined;
          if ((conflicts += 1) > MAX_CONFLICTS) {
            throw new EventStoreUnavailable(`${this.sealStream} refused the expected revision ${MAX_CONFLICTS + 1} times in a row: was it deleted?`);
          }
          continue;
        }
        conflicts = 0;
        this.head = { revision: written, link: entries[entries.length - 1] };
        sealed += events.length;
      }
    } catch (error) {
      this.head = undefined;
      throw error instanceof EventStoreUnavailable ? error : new EventStoreUnavailable(`chain sealer: ${describe(error)}`, { cause: error });
    }
  }

  /** Seals in the background until `stop`: a round, then a pause when caught up (longer after a failure). */
  start(): void {
    if (this.running) return;
    const stop = new AbortController();
    const loop = async () => {
      while (!stop.signal.aborted) {
        let pause = this.idleMillis;
        try {
          const sealed = await this.sealOnce();
          this.options.onRound?.(sealed);
          if (sealed > 0) pause = 0;
        } catch (error) {
          this.options.onError?.(error);
          pause = this.retryMillis;
        }
        if (pause > 0) await sleep(pause, stop.signal);
      }
    };
    this.running = { stop, done: loop() };
  }

  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    running.stop.abort();
    await running.done;
  }

  private async loadHead(): Promise<SealedHead> {
    const last = await readLastSeal(this.store.client, this.sealStream);
    if (!last) return { revision: -1n, link: GENESIS_LINK };
    const seal = parseSeal(last.revision, last.data);
    if (!seal) throw new EventStoreUnavailable(`the last seal of ${this.sealStream} (revision ${last.revision}) is not a seal this service wrote: sealing stops`);
    return { revision: last.revision, link: seal.entries[seal.entries.length - 1] };
  }

  /** The seal stream's new revision, or undefined when another sealer wrote at the expected revision first. */
  private async append(head: SealedHead, entries: readonly SealEntry[]): Promise<bigint | undefined> {
    try {
      const result = await this.store.client.appendToStream(
        this.sealStream,
        // A fresh id: two sealers' seals for the same revision must conflict, not be taken for one idempotent write.
        [{ id: randomUUID(), contentType: 'application/json', type: SEAL_EVENT_TYPE, data: { ...sealData(head.link, entries) }, metadata: undefined }],
        { expectedRevision: head.revision < 0n ? NO_STREAM : head.revision },
      );
      return result.nextExpectedRevision;
    } catch (error) {
      if (error instanceof Error && isCommandError(error) && error.type === ErrorType.WRONG_EXPECTED_VERSION) return undefined;
      throw error;
    }
  }
}

/** The chain through `events` (in $all order) from `previous`: each event's position, id and hash (format 2). */
export function chainOf(previous: ChainLink, events: readonly RecordedEvent[]): SealEntry[] {
  let hash = previous.hash;
  return events.map((event) => {
    hash = chainHash(hash, { ...event, hashVersion: SEALED_HASH_VERSION });
    return { ...decodePosition(event.position), eventId: event.eventId, hash };
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

function sleep(millis: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, millis);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
