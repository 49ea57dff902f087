import { Pool } from 'pg';
import { chainHash, GENESIS_HASH } from '../hash-chain';
import { EventMetadata } from '../event-store';
import { JsonObject } from '../json';

/** A chain head: the position of the last event and its hash. An auditor keeps it outside the database. */
export interface ChainDigest {
  readonly position: bigint;
  readonly hash: string;
}

export type ChainProblem = 'altered' | 'missing' | 'digest_mismatch' | 'truncated';

export interface ChainFailure {
  readonly problem: ChainProblem;
  /** Position of the first event that does not verify (for 'missing', the first absent position). */
  readonly position: bigint;
  readonly eventId?: string;
  readonly streamId?: string;
  readonly streamVersion?: bigint;
  readonly message: string;
}

export interface ChainVerification {
  readonly ok: boolean;
  readonly checked: number;
  /** Head of the verified chain (up to the failure, when there is one). */
  readonly head: ChainDigest;
  readonly failure?: ChainFailure;
}

export interface VerifyOptions {
  /** A digest saved earlier: verification fails unless the chain passes through it unchanged. */
  readonly expectedDigest?: ChainDigest;
  readonly pageSize?: number;
  readonly onProgress?: (checked: number, position: bigint) => void;
}

interface Row {
  position: string;
  event_id: string;
  stream_id: string;
  stream_version: string;
  type: string;
  schema_version: number;
  data: JsonObject;
  metadata: EventMetadata;
  recorded_at: string;
  hash: string;
}

/**
 * Walks the whole hash chain in position order and names the first event that was altered, removed or moved.
 * Positions are gapless by construction, so a hole is a removed event; any change of an event's content, position,
 * stream version or predecessor breaks its hash.
 */
export async function verifyChain(pool: Pool, options: VerifyOptions = {}): Promise<ChainVerification> {
  const pageSize = options.pageSize ?? 10_000;
  let previous = GENESIS_HASH;
  let expectedPosition = 1n;
  let checked = 0;
  const digest = options.expectedDigest;
  let digestSeen = digest === undefined || digest.position === 0n;
  const fetchPage = (from: bigint) => {
    const page = pool
      .query<Row>(
        // recorded_at as ISO text: V8 parses that faster than pg's generic timestamptz parser.
        `SELECT position::text, event_id, stream_id, stream_version::text, type, schema_version, data, metadata,
                to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at, hash
         FROM events WHERE events.position >= $1 ORDER BY events.position LIMIT $2`,
        [from.toString(), pageSize],
      )
      .then((result) => result.rows);
    // A prefetched page may be abandoned when verification stops early; its failure must not go unhandled.
    page.catch(() => undefined);
    return page;
  };
  let nextPage = fetchPage(expectedPosition);
  for (;;) {
    const rows = await nextPage;
    // Fetch the next page while this one is hashed: reading and hashing then overlap.
    if (rows.length === pageSize) nextPage = fetchPage(BigInt(rows[rows.length - 1].position) + 1n);
    for (const row of rows) {
      const position = BigInt(row.position);
      const head = { position: expectedPosition - 1n, hash: previous };
      if (position !== expectedPosition) {
        return fail(checked, head, {
          problem: 'missing',
          position: expectedPosition,
          message: `位置 ${expectedPosition} のイベントが削除されています。 Event at position ${expectedPosition} is missing (removed).`,
        });
      }
      const streamVersion = BigInt(row.stream_version);
      const computed = chainHash(previous, {
        eventId: row.event_id,
        position,
        streamId: row.stream_id,
        streamVersion,
        type: row.type,
        schemaVersion: row.schema_version,
        data: row.data,
        metadata: row.metadata,
        recordedAt: new Date(row.recorded_at),
      });
      if (computed !== row.hash) {
        return fail(checked, head, {
          problem: 'altered',
          position,
          eventId: row.event_id,
          streamId: row.stream_id,
          streamVersion,
          message:
            `位置 ${position} のイベント（${row.stream_id} 版 ${streamVersion}, ${row.event_id}）は改ざんまたは移動されています。` +
            ` Event at position ${position} (${row.stream_id} v${streamVersion}, ${row.event_id}) was altered or moved: its hash does not match its content and predecessor.`,
        });
      }
      if (digest && position === digest.position) {
        if (row.hash !== digest.hash) {
          return fail(checked, head, {
            problem: 'digest_mismatch',
            position,
            eventId: row.event_id,
            message: `保存済みダイジェストと一致しません（位置 ${position}）。 The chain at position ${position} does not match the saved digest.`,
          });
        }
        digestSeen = true;
      }
      previous = row.hash;
      expectedPosition = position + 1n;
      checked += 1;
    }
    options.onProgress?.(checked, expectedPosition - 1n);
    if (rows.length < pageSize) break;
  }
  const head = { position: expectedPosition - 1n, hash: previous };
  if (!digestSeen && digest) {
    return fail(checked, head, {
      problem: 'truncated',
      position: digest.position,
      message: `保存済みダイジェストの位置 ${digest.position} まで履歴がありません。 The log ends at ${head.position}, before the saved digest's position ${digest.position}: events were removed.`,
    });
  }
  return { ok: true, checked, head };
}

function fail(checked: number, head: ChainDigest, failure: ChainFailure): ChainVerification {
  return { ok: false, checked, head, failure };
}
