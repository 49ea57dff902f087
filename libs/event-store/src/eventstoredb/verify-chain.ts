import { ErrorType, isCommandError } from '@eventstore/db-client';
import { EventStoreUnavailable } from '../errors';
import { RecordedEvent } from '../event-store';
import { chainHash, GENESIS_HASH } from '../hash-chain';
import { ChainDigest, ChainFailure, ChainVerification, VerifyOptions } from '../postgres/verify-chain';
import { readAllPages } from '../read-all-pages';
import { DEFAULT_SEAL_STREAM, parseSeal, readLastSeal, readSealsFrom, Seal, SealEntry, SEALED_HASH_VERSION } from './chain-seals';
import { encodePosition, EventStoreDbEventStore } from './eventstoredb-event-store';

export interface EventStoreDbVerifyOptions extends VerifyOptions {
  /** The seal stream (default `$grants-chain`). */
  readonly sealStream?: string;
  /** Each event as it is walked, with its chain hash (e.g. to gather each fiscal year's head). */
  readonly onEvent?: (event: RecordedEvent, hash: string) => void;
}

const SEALS_PER_READ = 32;

/**
 * Verifies the EventStoreDB chain (chain-sealer.ts): re-reads $all's user events from the start, recomputes the chain
 * (format 2) and compares every event with the seal that lists it, in order, naming the first mismatch in the shape
 * the PostgreSQL verify returns:
 * - a sealed event no longer in $all (deleted and scavenged, or a truncated stream scavenged): `missing`;
 * - an event whose content, id or place differs from its seal, an event in $all between sealed ones that no seal
 *   lists, a seal that does not continue the one before it: `altered`;
 * - seals removed from the start of the seal stream, or the seal stream deleted: `truncated`;
 * - a saved digest not matched: `digest_mismatch` / `truncated`, as on PostgreSQL.
 *
 * Events after the last seal (the sealer runs beside the appends) are hashed into the head but have no seal to be
 * compared with yet: `unsealed` counts them. Only seals written before the walk starts are read, so a seal written
 * meanwhile never names an event the walk has not reached. The chain covers each event as the adapter reads it (the
 * RecordedEvent fields); a stored metadata key the adapter ignores is not covered.
 */
export async function verifyEventStoreDbChain(store: EventStoreDbEventStore, options: EventStoreDbVerifyOptions = {}): Promise<ChainVerification> {
  const stream = options.sealStream ?? DEFAULT_SEAL_STREAM;
  const digest = options.expectedDigest;
  let digestSeen = digest === undefined || digest.position === 0n;
  let previous = GENESIS_HASH;
  let headPosition = 0n;
  let checked = 0;
  let unsealed = 0;
  const head = (): ChainDigest => ({ position: headPosition, hash: previous });
  const result = (failure?: ChainFailure): ChainVerification => ({ ok: failure === undefined, checked, head: head(), unsealed, ...(failure && { failure }) });

  let seals: SealReader;
  try {
    seals = await SealReader.open(store, stream);
  } catch (error) {
    if (error instanceof Error && isCommandError(error) && error.type === ErrorType.STREAM_DELETED) {
      return result({ problem: 'truncated', position: 0n, message: `封印ストリーム ${stream} が削除されています。 The seal stream ${stream} was deleted.` });
    }
    throw translate(error);
  }
  try {
    for await (const page of readAllPages(store, { pageSize: options.pageSize ?? 4096 })) {
      for (const event of page) {
        const next = await seals.next(headPosition, previous);
        if (next.failure) return result(next.failure);
        const entry = next.entry;
        const hash = chainHash(previous, { ...event, hashVersion: SEALED_HASH_VERSION });
        if (entry) {
          const sealedAt = encodePosition(entry);
          if (sealedAt < event.position) return result(missing(sealedAt, entry.eventId));
          if (sealedAt > event.position) return result(altered(event, 'はいずれの封印にもない位置にあります', 'is at a place no seal lists (inserted)'));
          if (entry.eventId !== event.eventId || entry.hash !== hash) return result(altered(event, 'は封印と一致しません', 'does not match its seal: altered, or moved'));
          seals.consume();
          checked += 1;
        } else {
          checked += 1;
          unsealed += 1;
        }
        if (digest && event.position === digest.position) {
          if (hash !== digest.hash) {
            return result({
              problem: 'digest_mismatch',
              position: event.position,
              eventId: event.eventId,
              message: `保存済みダイジェストと一致しません（位置 ${event.position}）。 The chain at position ${event.position} does not match the saved digest.`,
            });
          }
          digestSeen = true;
        }
        previous = hash;
        headPosition = event.position;
        options.onEvent?.(event, hash);
      }
      options.onProgress?.(checked, headPosition);
    }
    const rest = await seals.next(headPosition, previous);
    if (rest.failure) return result(rest.failure);
    if (rest.entry) return result(missing(encodePosition(rest.entry), rest.entry.eventId));
  } catch (error) {
    throw translate(error);
  }
  if (!digestSeen && digest) {
    return result({
      problem: 'truncated',
      position: digest.position,
      message: `保存済みダイジェストの位置 ${digest.position} まで履歴がありません。 The log ends at ${headPosition}, before the saved digest's position ${digest.position}: events were removed.`,
    });
  }
  return result();
}

/** The seal entries in order, read a few seal events at a time, up to the seal stream's last revision at the start. */
class SealReader {
  private buffered: { readonly revision: bigint; readonly seal?: Seal }[] = [];
  private current?: { readonly seal: Seal; index: number };
  private nextRevision = 0n;

  private constructor(
    private readonly store: EventStoreDbEventStore,
    private readonly stream: string,
    private readonly lastRevision: bigint,
  ) {}

  static async open(store: EventStoreDbEventStore, stream: string): Promise<SealReader> {
    const last = await readLastSeal(store.client, stream);
    return new SealReader(store, stream, last?.revision ?? -1n);
  }

  /**
   * The next sealed event, or none when every seal has been walked. On entering a seal, checks that it is the next
   * revision, readable, and continues the chain where the walk stands (the last event walked and its hash).
   */
  async next(position: bigint, hash: string): Promise<{ entry?: SealEntry; failure?: ChainFailure }> {
    if (this.current && this.current.index < this.current.seal.entries.length) return { entry: this.current.seal.entries[this.current.index] };
    if (this.nextRevision > this.lastRevision) return {};
    if (this.buffered.length === 0) await this.fill();
    const read = this.buffered.shift();
    if (!read || read.revision !== this.nextRevision) return { failure: sealsMissing(this.stream, this.nextRevision, position) };
    const seal = read.seal;
    const where = `封印 ${read.revision}（${this.stream}）`;
    const whereEn = `Seal ${read.revision} of ${this.stream}`;
    if (!seal) {
      return { failure: { problem: 'altered', position, message: `${where}は読めません。 ${whereEn} is not a seal this service writes: what it claims cannot be checked.` } };
    }
    const previousAt = seal.previous.commit === 0n && seal.previous.prepare === 0n ? 0n : encodePosition(seal.previous);
    if (previousAt !== position || seal.previous.hash !== hash) {
      return {
        failure: {
          problem: 'altered',
          position: encodePosition(seal.entries[0]),
          eventId: seal.entries[0].eventId,
          message:
            `${where}は直前の封印に続いていません（封印の書換え、または封印済みイベントの改ざん）。` +
            ` ${whereEn} does not continue the chain before it (${position}:${hash}): a seal was forged or removed, or a sealed event changed.`,
        },
      };
    }
    this.nextRevision += 1n;
    this.current = { seal, index: 0 };
    return { entry: seal.entries[0] };
  }

  consume(): void {
    if (this.current) this.current.index += 1;
  }

  private async fill(): Promise<void> {
    const count = this.lastRevision - this.nextRevision + 1n;
    const events = await readSealsFrom(this.store.client, this.stream, this.nextRevision, Number(count < SEALS_PER_READ ? count : SEALS_PER_READ));
    this.buffered = events.map(({ revision, data }) => ({ revision, seal: parseSeal(revision, data) }));
  }
}

function sealsMissing(stream: string, revision: bigint, at: bigint): ChainFailure {
  return {
    problem: 'truncated',
    position: at,
    message: `封印ストリーム ${stream} の封印 ${revision} がありません（封印が削除されています）。 Seal ${revision} of ${stream} is missing: seals were removed.`,
  };
}

function missing(position: bigint, eventId: string): ChainFailure {
  return {
    problem: 'missing',
    position,
    eventId,
    message: `位置 ${position} の封印済みイベント（${eventId}）が削除されています。 The sealed event ${eventId} at position ${position} is missing (removed).`,
  };
}

function altered(event: RecordedEvent, ja: string, en: string): ChainFailure {
  return {
    problem: 'altered',
    position: event.position,
    eventId: event.eventId,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    message:
      `位置 ${event.position} のイベント（${event.streamId} 版 ${event.streamVersion}, ${event.eventId}）${ja}。` +
      ` Event at position ${event.position} (${event.streamId} v${event.streamVersion}, ${event.eventId}) ${en}.`,
  };
}

function translate(error: unknown): Error {
  if (error instanceof EventStoreUnavailable) return error;
  return new EventStoreUnavailable(`chain verification: ${error instanceof Error ? error.message || error.name : String(error)}`, { cause: error });
}
