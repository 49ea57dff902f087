import { JsonObject } from './json';

/**
 * Who did what, and why. Stored with every event so that any number can be traced to a person, a role,
 * an organisation and a command (ARCHITECTURE.md, "Metadata on every event").
 */
export interface EventMetadata {
  /** Person or system account that issued the command. */
  readonly actorId: string;
  /** Role the actor held: national-admin, national-reviewer, prefecture, insurer, auditor, system. */
  readonly actorRole: string;
  /** 地方公共団体コード of the actor's organisation, or 'MHLW' for the ministry. */
  readonly organisationCode: string;
  /** Idempotency key: a retried command with the same id stores nothing new. */
  readonly commandId: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  /** Reason given by the actor (差戻し, 訂正, …) where the command has one. */
  readonly reason?: string;
  /**
   * Fingerprint (SHA-256 hex) of the command's input. When present, a retry with the same command id is recognised
   * by it rather than by the events it would produce (those carry new timestamps).
   */
  readonly commandHash?: string;
}

/** An event a command wants to store. `data` is plain JSON; yen travel as decimal strings. */
export interface NewEvent {
  /** Stored contract: written out, never derived from a class name (STYLE.md rule 7). */
  readonly type: string;
  /** Version of the data's schema, for upcasting older events when reading. Defaults to 1. */
  readonly schemaVersion?: number;
  readonly data: JsonObject;
}

/** An event as stored. */
export interface RecordedEvent {
  readonly eventId: string;
  /** Position in the store's global order; strictly increasing in commit order, never reused. */
  readonly position: bigint;
  readonly streamId: string;
  /** 0-based version of the event within its stream. */
  readonly streamVersion: bigint;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: JsonObject;
  readonly metadata: EventMetadata;
  readonly recordedAt: Date;
  /** SHA-256 chain hash (hex), where the store keeps one. */
  readonly hash?: string;
  /** The format `hash` was computed in (hash-chain.ts); absent means 1, the format of events recorded before hash format 2. */
  readonly hashVersion?: number;
}

/**
 * What an append expects of the stream: an exact version (the version of the stream's last event),
 * 'no_stream' (the stream must not exist yet), 'stream_exists', or 'any'.
 */
export type ExpectedVersion = bigint | 'no_stream' | 'stream_exists' | 'any';

export interface AppendOptions {
  readonly expectedVersion: ExpectedVersion;
  readonly metadata: EventMetadata;
}

export interface AppendResult {
  /** Version of the stream's last event after the append: pass it as the next expected version. */
  readonly nextExpectedVersion: bigint;
  /** The events the command stored (the first run's events when the command was a retry). */
  readonly events: readonly RecordedEvent[];
  /** True when the command id had already been stored and nothing new was appended. */
  readonly idempotentReplay: boolean;
}

export type ReadDirection = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  readonly direction?: ReadDirection;
  /** Version to start at (inclusive). Forwards defaults to 0, backwards to the end. */
  readonly fromVersion?: bigint;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Read events whose position is strictly greater than this; 0n (default) reads from the beginning. */
  readonly after?: bigint;
  readonly maxCount?: number;
}

export interface SubscribeOptions {
  /** Checkpoint: deliver events whose position is strictly greater than this. */
  readonly after?: bigint;
  readonly batchSize?: number;
  /** How long to wait between polls when caught up (adapters that poll). */
  readonly idleMillis?: number;
  readonly signal?: AbortSignal;
}

/** One batch delivered by a subscription; `position` is the checkpoint to save after handling it. */
export interface EventBatch {
  readonly events: readonly RecordedEvent[];
  readonly position: bigint;
}

/**
 * The store's contract, shared by the PostgreSQL and EventStoreDB adapters and checked by one contract suite.
 * An abstract class rather than an interface so that Nest can inject it by type.
 */
export abstract class EventStore {
  abstract append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  abstract readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** The events an earlier run of this command stored in this stream (oldest first), or [] if it never ran there. */
  abstract readCommand(streamId: string, commandId: string): Promise<RecordedEvent[]>;
  abstract readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Batches in global order from the checkpoint, forever, until the signal aborts. */
  abstract subscribe(options?: SubscribeOptions): AsyncIterable<EventBatch>;
  /** Position of the last stored event, 0n when empty. */
  abstract headPosition(): Promise<bigint>;
  /** Cheap liveness check for health endpoints. */
  abstract ping(): Promise<void>;
  abstract close(): Promise<void>;
}
