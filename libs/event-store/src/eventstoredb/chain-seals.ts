import { END, ErrorType, FORWARDS, BACKWARDS, isCommandError, ResolvedEvent } from '@eventstore/db-client';
import { GENESIS_HASH } from '../hash-chain';
import type { EventStoreDbClientCalls, EventStoreDbRead } from './eventstoredb-event-store';

/**
 * The stream the chain's seals are written to. A `$` stream: the adapter's reads, subscriptions and head skip it like
 * every system stream, and by default only members of `$admins` may write or read it (the connection's user must be
 * one, as the compose profile's `admin` is).
 */
export const DEFAULT_SEAL_STREAM = '$grants-chain';
export const SEAL_EVENT_TYPE = 'GrantsChainSealed';
/** The format of a seal event's data (below). */
export const SEAL_FORMAT = 1;
/** The hash format the EventStoreDB chain is computed in (hash-chain.ts, format 2). */
export const SEALED_HASH_VERSION = 2;

/** A point of the chain: an event's $all position (commit, prepare) and its chain hash. */
export interface ChainLink {
  readonly commit: bigint;
  readonly prepare: bigint;
  readonly hash: string;
}

export const GENESIS_LINK: ChainLink = { commit: 0n, prepare: 0n, hash: GENESIS_HASH };

/** One sealed event: where $all had it, its id, and its chain hash. */
export interface SealEntry extends ChainLink {
  readonly eventId: string;
}

/**
 * A seal event's data, JSON:
 * `{"format":1,"hashVersion":2,"previous":["<commit>","<prepare>","<hash>"],"events":[["<commit>","<prepare>","<eventId>","<hash>"],…]}`.
 * `previous` is the chain head the seal continues (the previous seal's last event; `["0","0","000…"]` for the first),
 * so a seal removed from or slipped into the seal stream no longer links. Positions are decimal text.
 */
export interface SealData {
  readonly format: number;
  readonly hashVersion: number;
  readonly previous: readonly [string, string, string];
  readonly events: readonly (readonly [string, string, string, string])[];
}

/** A seal as read back: its revision in the seal stream, the link it continues and its entries. */
export interface Seal {
  readonly revision: bigint;
  readonly previous: ChainLink;
  readonly entries: readonly SealEntry[];
}

export function sealData(previous: ChainLink, entries: readonly SealEntry[]): SealData {
  return {
    format: SEAL_FORMAT,
    hashVersion: SEALED_HASH_VERSION,
    previous: [previous.commit.toString(), previous.prepare.toString(), previous.hash],
    events: entries.map((e) => [e.commit.toString(), e.prepare.toString(), e.eventId, e.hash] as const),
  };
}

const DECIMAL = /^\d{1,20}$/;
const HEX_64 = /^[0-9a-f]{64}$/;

/** The seal in a seal event's data, or undefined when it is not one this code wrote (format, shape, values). */
export function parseSeal(revision: bigint, data: unknown): Seal | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { format, hashVersion, previous, events } = data as Partial<Record<keyof SealData, unknown>>;
  if (format !== SEAL_FORMAT || hashVersion !== SEALED_HASH_VERSION || !Array.isArray(events) || events.length === 0) return undefined;
  const link = parseLink(previous);
  if (!link) return undefined;
  const entries: SealEntry[] = [];
  for (const item of events as unknown[]) {
    if (!Array.isArray(item) || item.length !== 4 || typeof item[2] !== 'string') return undefined;
    const entry = parseLink([item[0], item[1], item[3]]);
    if (!entry) return undefined;
    entries.push({ ...entry, eventId: item[2] });
  }
  return { revision, previous: link, entries };
}

function parseLink(value: unknown): ChainLink | undefined {
  if (!Array.isArray(value) || value.length !== 3) return undefined;
  const [commit, prepare, hash] = value as unknown[];
  if (typeof commit !== 'string' || typeof prepare !== 'string' || typeof hash !== 'string') return undefined;
  if (!DECIMAL.test(commit) || !DECIMAL.test(prepare) || !HEX_64.test(hash)) return undefined;
  return { commit: BigInt(commit), prepare: BigInt(prepare), hash };
}

/** The last seal event of the stream (revision and raw data), or undefined when the stream has none. */
export async function readLastSeal(client: EventStoreDbClientCalls, stream: string): Promise<{ revision: bigint; data: unknown } | undefined> {
  const [last] = await readSealEvents(client, stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
  return last;
}

/** Seal events forwards from a revision (at most maxCount), each with its revision and raw data. */
export async function readSealsFrom(client: EventStoreDbClientCalls, stream: string, from: bigint, maxCount: number): Promise<{ revision: bigint; data: unknown }[]> {
  return readSealEvents(client, stream, { direction: FORWARDS, fromRevision: from, maxCount });
}

async function readSealEvents(
  client: EventStoreDbClientCalls,
  stream: string,
  options: { direction: typeof FORWARDS | typeof BACKWARDS; fromRevision: bigint | typeof END; maxCount: number },
): Promise<{ revision: bigint; data: unknown }[]> {
  const found: { revision: bigint; data: unknown }[] = [];
  const read: EventStoreDbRead<ResolvedEvent> = client.readStream(stream, { ...options, resolveLinkTos: false });
  try {
    for await (const resolved of read) {
      if (resolved.event) found.push({ revision: resolved.event.revision, data: resolved.event.data });
    }
  } catch (error) {
    if (error instanceof Error && isCommandError(error) && error.type === ErrorType.STREAM_NOT_FOUND) return [];
    throw error;
  }
  return found;
}
