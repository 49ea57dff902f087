import { Pool } from 'pg';
import { canonicalJsonText, chainHashOfCanonical, chainHashOfText, GENESIS_HASH, HASH_VERSIONS } from '../hash-chain';

/** A chain head: the position of the last event and its hash. An auditor keeps it outside the database. */
export interface ChainDigest {
  readonly position: bigint;
  readonly hash: string;
}

/** `<position>:<64 hex digits>`, as verify prints a digest; undefined for anything else. */
export function parseChainDigest(text: string): ChainDigest | undefined {
  // Up to 39 digits: an EventStoreDB position packs two 64-bit log offsets (eventstoredb-event-store.ts).
  const match = /^(\d{1,39}):([0-9a-f]{64})$/.exec(text);
  return match ? { position: BigInt(match[1]), hash: match[2] } : undefined;
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
  /**
   * EventStoreDB only (eventstoredb/verify-chain.ts): of the events checked, how many at the end have no seal yet
   * (hashed into the head, not yet compared with a seal). PostgreSQL hashes in the append and leaves it out.
   */
  readonly unsealed?: number;
}

export interface VerifyOptions {
  /** A digest saved earlier: verification fails unless the chain passes through it unchanged. */
  readonly expectedDigest?: ChainDigest;
  readonly pageSize?: number;
  readonly onProgress?: (checked: number, position: bigint) => void;
}

/** One event as text, straight from PostgreSQL: nothing is parsed, not even the JSON. */
type Row = [
  position: string,
  eventId: string,
  streamId: string,
  streamVersion: string,
  type: string,
  schemaVersion: string,
  /** Only for an event without stored bytes (recorded before the store kept canonical bytes), else null. */
  data: string | null,
  metadata: string | null,
  /** Microseconds since the epoch, as decimal text. */
  recordedAtMicros: string,
  hash: string,
  hashVersion: string,
  commandId: string,
  /** The stored canonical bytes (the text the hash covers after the previous hash), or null for an older event. */
  payload: string | null,
  /** 't' when every column still says what `payload` says (data and metadata compared as jsonb); null without one. */
  consistent: string | null,
];

/**
 * Pages of 3,000 rows, two read ahead on connections of their own, and a pause for the socket every 500 rows while
 * hashing (see the loop), so that PostgreSQL prepares the next pages (parsing the payloads it compares) on both cores
 * while this one is hashed.
 */
const DEFAULT_PAGE_SIZE = 3_000;
const YIELD_EVERY = 500;
const PAGES_AHEAD = 2;

/**
 * The columns as the canonical envelope names them (hash-chain.ts `canonicalEnvelope`, format 2), as jsonb, to be
 * compared with the stored payload parsed: jsonb equality ignores key order and spacing, so this asks only whether
 * the two say the same thing. The time is written to the microsecond, as the payload has it.
 */
const COLUMNS_AS_PAYLOAD = `jsonb_build_object('commandId', command_id, 'data', data, 'eventId', event_id, 'hashVersion', hash_version,
  'metadata', metadata, 'position', position::text, 'recordedAt', to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
  'schemaVersion', schema_version, 'streamId', stream_id, 'streamVersion', stream_version::text, 'type', type)`;

/** Every column as the text PostgreSQL sent (no JSON.parse of jsonb, no Date, no number parsing). */
const AS_TEXT = { getTypeParser: () => (value: string) => value };

/**
 * Walks the whole hash chain in position order and names the first event that was altered, removed or moved.
 * Positions are gapless by construction, so a hole is a removed event; any change of an event's content, position,
 * stream version or predecessor breaks its hash.
 *
 * An event recorded since the store kept canonical bytes carries its canonical bytes (`payload`): its hash is SHA-256(previous ‖ payload)
 * over the stored text as it is, nothing rebuilt, and PostgreSQL says in the same query whether every other column
 * (data and metadata as jsonb, the position, stream, version, type, time to the microsecond, command id, format)
 * still says what the payload says; a column changed on its own is an altered event. An event recorded before has no
 * payload and is hashed through the read adapter (`chainHashOfText`, canonical JSON rebuilt from jsonb text). Once an
 * event with a payload has been seen, an event without one after it is a forged row (the store never goes back).
 * The next pages are fetched while this one is hashed.
 */
export async function verifyChain(pool: Pool, options: VerifyOptions = {}): Promise<ChainVerification> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  let previous = GENESIS_HASH;
  let expectedPosition = 1n;
  let checked = 0;
  const digest = options.expectedDigest;
  const digestPosition = digest?.position.toString();
  let digestSeen = digest === undefined || digest.position === 0n;
  // The events of one group commit share their time: convert each distinct text once.
  let lastTimeText = '';
  let lastTimeIso = '';
  let lastTimeIsoMicros = '';
  // Formats never go back: once an event is hashed in version 2, an older format after it is a forged row.
  let newestVersion = 1;
  // Likewise stored bytes: once an event has them, every later one has.
  let payloadSeen = false;
  const fetchPage = (from: bigint) => {
    // A payload that is not JSON at all (only a forger writes one) makes PostgreSQL refuse the whole page; that page
    // is then read again with the comparison made here, so that the event is named rather than the verifier failing.
    const page = queryPage(pool, from, pageSize, false).catch((error: unknown) =>
      (error as { code?: string }).code === INVALID_TEXT_REPRESENTATION ? queryPage(pool, from, pageSize, true) : Promise.reject(error),
    );
    // A prefetched page may be abandoned when verification stops early; its failure must not go unhandled.
    page.catch(() => undefined);
    return page;
  };
  // PAGES_AHEAD pages are read while this one is hashed, each on a connection of its own, so that PostgreSQL's side
  // (reading, and comparing every payload with its columns) runs on more than one core. A page is fetched from where
  // the previous one must end: a full page that verifies holds exactly the positions from its start, one after the
  // other (any hole is reported as missing), so the next one starts pageSize later.
  const ahead: Promise<Row[]>[] = [];
  let aheadFrom = expectedPosition;
  const fillAhead = () => {
    while (ahead.length < PAGES_AHEAD + 1) {
      ahead.push(fetchPage(aheadFrom));
      aheadFrom += BigInt(pageSize);
    }
  };
  fillAhead();
  for (;;) {
    const rows = await (ahead.shift() as Promise<Row[]>);
    if (rows.length === pageSize) fillAhead();
    // Positions are compared as text; the expected one is a Number while that is exact (always, in practice).
    let expected = expectedPosition <= BigInt(Number.MAX_SAFE_INTEGER) - BigInt(pageSize) ? Number(expectedPosition) : -1;
    for (let r = 0; r < rows.length; r += 1) {
      // Let the socket be read now and then, so that PostgreSQL keeps sending the next page while this one is
      // hashed instead of stalling on a full socket buffer.
      if (r % YIELD_EVERY === YIELD_EVERY - 1) await new Promise<void>((resolve) => setImmediate(resolve));
      const [positionText, eventId, streamId, streamVersionText, type, schemaVersion, data, metadata, recordedAtMicros, hash, hashVersionText, commandId, payload, consistent] =
        rows[r];
      const inOrder = expected >= 0 ? positionText === String(expected) : BigInt(positionText) === expectedPosition;
      if (!inOrder) {
        const position = expected >= 0 ? BigInt(expected) : expectedPosition;
        return fail(checked, { position: position - 1n, hash: previous }, {
          problem: 'missing',
          position,
          message: `位置 ${position} のイベントが削除されています。 Event at position ${position} is missing (removed).`,
        });
      }
      if (payload === null && recordedAtMicros !== lastTimeText) {
        // Microseconds since 1970 fit a double exactly (2^53 µs is year 2255).
        const micros = Number(recordedAtMicros);
        lastTimeIso = new Date(Math.round(micros / 1000)).toISOString();
        const millis = Math.floor(micros / 1000);
        lastTimeIsoMicros = `${new Date(millis).toISOString().slice(0, -1)}${String(micros - millis * 1000).padStart(3, '0')}Z`;
        lastTimeText = recordedAtMicros;
      }
      const hashVersion = Number(hashVersionText);
      const known = HASH_VERSIONS.includes(hashVersion) && hashVersion >= newestVersion;
      let computed: string | false = false;
      if (payload !== null) {
        // The stored bytes, hashed as they are; the columns must still say the same.
        if (known && consistent === 't') computed = chainHashOfCanonical(previous, payload);
      } else if (known && !payloadSeen && data !== null && metadata !== null) {
        computed = chainHashOfText(previous, {
          hashVersion,
          commandId,
          eventId,
          position: positionText,
          streamId,
          streamVersion: streamVersionText,
          type,
          schemaVersion,
          data,
          metadata,
          recordedAt: hashVersion === 1 ? lastTimeIso : lastTimeIsoMicros,
        });
      }
      if (computed !== hash) {
        const position = BigInt(positionText);
        const streamVersion = BigInt(streamVersionText);
        return fail(checked, { position: position - 1n, hash: previous }, {
          problem: 'altered',
          position,
          eventId,
          streamId,
          streamVersion,
          message:
            `位置 ${position} のイベント（${streamId} 版 ${streamVersion}, ${eventId}）は改ざんまたは移動されています。` +
            ` Event at position ${position} (${streamId} v${streamVersion}, ${eventId}) was altered or moved: its hash does not match its content and predecessor.`,
        });
      }
      if (positionText === digestPosition) {
        if (hash !== digest?.hash) {
          const position = BigInt(positionText);
          return fail(checked, { position: position - 1n, hash: previous }, {
            problem: 'digest_mismatch',
            position,
            eventId,
            message: `保存済みダイジェストと一致しません（位置 ${position}）。 The chain at position ${position} does not match the saved digest.`,
          });
        }
        digestSeen = true;
      }
      previous = hash;
      newestVersion = hashVersion;
      if (payload !== null) payloadSeen = true;
      if (expected >= 0) expected += 1;
      else expectedPosition += 1n;
      checked += 1;
    }
    if (rows.length > 0) expectedPosition = BigInt(rows[rows.length - 1][0]) + 1n;
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

const INVALID_TEXT_REPRESENTATION = '22P02';

/**
 * One page of rows. `careful`: the payload is not parsed by PostgreSQL; the columns come as the jsonb text of
 * COLUMNS_AS_PAYLOAD and are compared with the payload here (canonical forms equal), a payload that does not parse
 * counting as not consistent.
 */
async function queryPage(pool: Pool, from: bigint, pageSize: number, careful: boolean): Promise<Row[]> {
  const result = await pool.query<Row | [...Row, string | null]>({
    // recorded_at as epoch microseconds (exact, and cheaper for the server than formatting a date); data and
    // metadata as jsonb's text only for events without stored bytes: nothing to parse on this side.
    text: `SELECT position::text, event_id::text, stream_id, stream_version::text, type, schema_version::text,
                  CASE WHEN payload IS NULL THEN data::text END, CASE WHEN payload IS NULL THEN metadata::text END,
                  (extract(epoch FROM recorded_at) * 1000000)::bigint::text, hash, hash_version::text, command_id, payload,
                  ${careful ? `NULL, CASE WHEN payload IS NOT NULL THEN (${COLUMNS_AS_PAYLOAD})::text END` : `CASE WHEN payload IS NOT NULL THEN payload::jsonb = ${COLUMNS_AS_PAYLOAD} END`}
           FROM events WHERE events.position >= $1 ORDER BY events.position LIMIT $2`,
    values: [from.toString(), pageSize],
    rowMode: 'array',
    types: AS_TEXT,
  });
  if (!careful) return result.rows as Row[];
  return result.rows.map((row) => {
    const columns = (row as [...Row, string | null])[14];
    const payload = row[12];
    const consistent = payload === null || columns === null ? null : sameJson(payload, columns) ? 't' : 'f';
    return [...row.slice(0, 13), consistent] as Row;
  });
}

function sameJson(a: string, b: string): boolean {
  try {
    return canonicalJsonText(a) === canonicalJsonText(b);
  } catch {
    return false;
  }
}

function fail(checked: number, head: ChainDigest, failure: ChainFailure): ChainVerification {
  return { ok: false, checked, head, failure };
}
