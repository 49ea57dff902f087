import { Pool } from 'pg';
import { RecordedEvent } from '../event-store';
import { EventStoreError } from '../errors';
import { canonicalEvent, chainHashOfCanonical, GENESIS_HASH, HASH_VERSIONS } from '../hash-chain';
import { APPEND_LOCK_KEY } from './postgres-event-store';
import { ChainDigest } from './verify-chain';

/** An event as exported: everything stored, with its hash and, for events recorded since the store kept canonical bytes, its canonical bytes. */
export interface ExportedEvent extends RecordedEvent {
  readonly hash: string;
  readonly hashVersion: number;
  /** The stored canonical envelope the hash covers (absent for events recorded before the store kept it). */
  readonly payload?: string;
}

/** An import that would not continue the log as it stands: nothing of that batch is stored. */
export class ImportRefused extends EventStoreError {
  readonly code = 'EVENT_STORE.IMPORT_REFUSED';
  constructor(
    message: string,
    /** Position of the event refused, when one is. */
    readonly position?: bigint,
  ) {
    super(message);
  }
}

/**
 * Why an exported event does not chain onto `previousHash`, or undefined when it does: its hash format is unknown,
 * its stored bytes say something other than its fields, or its hash is not SHA-256(previous ‖ canonical bytes).
 * The bytes hashed are the stored `payload` when there is one (as verify hashes them), else the canonical envelope
 * rebuilt from the fields (events recorded before the store kept its bytes).
 */
export function exportedEventProblem(previousHash: string, event: ExportedEvent): string | undefined {
  if (!HASH_VERSIONS.includes(event.hashVersion)) return `unknown hash format ${String(event.hashVersion)}`;
  const canonical = canonicalEvent(event);
  if (event.payload !== undefined && event.payload !== canonical) return 'its stored bytes (payload) do not say what its fields say';
  if (chainHashOfCanonical(previousHash, canonical) !== event.hash) return 'its hash does not match its content and the previous event\'s hash';
  return undefined;
}

/**
 * Writes exported events into the log exactly as they were recorded (positions, ids, versions, times, hashes, hash
 * formats and stored bytes), in one transaction: the restore path, beside the append path that assigns positions and
 * hashes itself. INSERT only (the table's append-only triggers stand), under the appenders' advisory lock, so that
 * nothing else appends meanwhile. The batch must continue the log as it stands: its first event at head + 1, each
 * event chaining onto the one before (the first onto the stored head's hash), checked here again before anything is
 * written; otherwise ImportRefused and nothing of the batch is stored. Returns the new head.
 */
export async function importRecordedEvents(pool: Pool, events: readonly ExportedEvent[]): Promise<ChainDigest> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(${APPEND_LOCK_KEY})`);
    const { rows } = await client.query<{ position: string; hash: string }>('SELECT position::text AS position, hash FROM events ORDER BY events.position DESC LIMIT 1');
    let head: ChainDigest = rows.length ? { position: BigInt(rows[0].position), hash: rows[0].hash } : { position: 0n, hash: GENESIS_HASH };
    for (const event of events) {
      if (event.position !== head.position + 1n) {
        throw new ImportRefused(`位置 ${event.position} は記録の続きではありません（記録の末尾は ${head.position}）。 Event at position ${event.position} does not continue the log, which ends at ${head.position}.`, event.position);
      }
      const problem = exportedEventProblem(head.hash, event);
      if (problem) throw new ImportRefused(`位置 ${event.position} のイベントは連鎖しません。 Event at position ${event.position} does not chain: ${problem}.`, event.position);
      head = { position: event.position, hash: event.hash };
    }
    if (events.length > 0) {
      await client.query(
        `INSERT INTO events (position, event_id, stream_id, stream_version, type, schema_version, data, metadata, command_id, recorded_at, hash, hash_version, payload)
         SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::bigint[], $5::text[], $6::integer[], $7::jsonb[], $8::jsonb[], $9::text[],
                              $10::timestamptz[], $11::text[], $12::smallint[], $13::text[])`,
        [
          events.map((e) => e.position.toString()),
          events.map((e) => e.eventId),
          events.map((e) => e.streamId),
          events.map((e) => e.streamVersion.toString()),
          events.map((e) => e.type),
          events.map((e) => e.schemaVersion),
          events.map((e) => JSON.stringify(e.data)),
          events.map((e) => JSON.stringify(e.metadata)),
          events.map((e) => e.metadata.commandId),
          events.map((e) => e.recordedAt.toISOString()),
          events.map((e) => e.hash),
          events.map((e) => e.hashVersion),
          events.map((e) => e.payload ?? null),
        ],
      );
    }
    await client.query('COMMIT');
    return head;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
