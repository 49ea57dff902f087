import { Pool } from 'pg';
import { canonicalJsonText, chainHashOfCanonical, chainHashOfText, CURRENT_HASH_VERSION, GENESIS_HASH, HASH_VERSIONS } from '../hash-chain';

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
  /**
   * Positions per range PostgreSQL checks in one query (default 10,000); 0 walks every event here row by row, as
   * events without stored bytes always are (for comparisons and tests).
   */
  readonly chunkSize?: number;
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
 * The row-by-row walk (events without stored bytes, and naming a failure the fast path found): pages of 3,000 rows,
 * two read ahead on connections of their own, and a pause for the socket every 500 rows while hashing (see the loop),
 * so that PostgreSQL prepares the next pages (parsing the payloads it compares) on both cores while this one is hashed.
 */
const DEFAULT_PAGE_SIZE = 3_000;
const YIELD_EVERY = 500;
const PAGES_AHEAD = 2;

/**
 * The fast path: events with stored bytes are checked by PostgreSQL itself, a range of CHUNK positions per query,
 * PARALLEL_CHUNKS queries at a time on connections of their own (one per core of the bench machine), so that no event
 * travels to this process. See `CHUNK_CHECK`.
 */
const CHUNK = 10_000;
const PARALLEL_CHUNKS = 2;

/** `recorded_at` written as the payload has it (hash-chain.ts `isoMicros`): UTC, to the microsecond. */
const RECORDED_AT_AS_PAYLOAD = `to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The stored bytes an event's columns say it has, around its `data` and `metadata` (hash-chain.ts
 * `canonicalEnvelope`, format 2, keys in RFC 8785 order): what comes before `data` (`head`), between `data` and
 * `metadata` (`marker`) and after `metadata` (`tail`), as UTF-8 bytes. Strings are written by `to_json`, which escapes
 * as JSON.stringify does (the same short forms, other control characters as lowercase \u00xx, nothing else).
 */
const ENVELOPE_AROUND_JSON = `convert_to('{"commandId":' || to_json(command_id)::text || ',"data":', 'UTF8') AS head,
  convert_to(',"eventId":"' || event_id || '","hashVersion":' || hash_version || ',"metadata":', 'UTF8') AS marker,
  convert_to(',"position":"' || position || '","recordedAt":"' || ${RECORDED_AT_AS_PAYLOAD} || '","schemaVersion":' || schema_version
    || ',"streamId":' || to_json(stream_id)::text || ',"streamVersion":"' || stream_version || '","type":' || to_json(type)::text || '}', 'UTF8') AS tail`;

/**
 * What PostgreSQL checks of one event with stored bytes (`bytes`: the payload as UTF-8; `middle`: what lies between
 * `head` and `tail`; `at`: where `marker` first starts in it), as a boolean that is true only when every link holds:
 * - its position follows its predecessor's (`prev_position`, from the row before it in the same query);
 * - its hash is SHA-256 of the predecessor's stored hash followed by its stored bytes (the genesis hash before
 *   position 1), computed by PostgreSQL over the UTF-8 bytes of the text, as `chainHashOfCanonical` does;
 * - every other column says what the stored bytes say: the bytes are `head`, a JSON value equal to `data` as jsonb,
 *   `marker`, a JSON value equal to `metadata` as jsonb, and `tail`, byte for byte, so the position, stream, version,
 *   type, schema version, command id, format and time to the microsecond are those of the columns. Cutting at the
 *   first `marker` cannot pass a wrong `data`: the part before it must parse as one whole JSON value, and an object's
 *   text has no shorter prefix that is one (a cut inside `data` fails to parse, which sends the range to the walk);
 * - it is in the current format (an older one after stored bytes is a forged row; a newer one goes to the walk).
 * Only `data` and `metadata` are parsed, not the whole payload, and nothing is taken out of a parsed document: on the
 * national year this cost PostgreSQL about 10 % less per event than comparing fields of the parsed payload (3.28 s
 * against 3.60 s in one connection); parsing and comparing those two is still about half of what remains.
 * Each link checked on its own is the whole chain checked: when every event's hash is the hash of its stored
 * predecessor's hash and its own bytes, recomputing the chain from the genesis gives exactly the stored hashes.
 */
const CHUNK_CHECK = `payload IS NOT NULL AND hash_version = ${CURRENT_HASH_VERSION}
  AND (prev_position = position - 1 OR (position = 1 AND prev_position IS NULL))
  AND decode(hash, 'hex') = sha256(convert_to(coalesce(prev_hash, '${GENESIS_HASH}'), 'UTF8') || bytes)
  AND substring(bytes FROM 1 FOR octet_length(head)) = head
  AND substring(bytes FROM octet_length(bytes) - octet_length(tail) + 1) = tail
  AND at > 0 AND convert_from(substring(middle FROM 1 FOR greatest(at - 1, 0)), 'UTF8')::jsonb = data
  AND convert_from(substring(middle FROM at + octet_length(marker)), 'UTF8')::jsonb = metadata`;

/**
 * The columns as the canonical envelope names them (hash-chain.ts `canonicalEnvelope`, format 2), as jsonb, to be
 * compared with the stored payload parsed: jsonb equality ignores key order and spacing, so this asks only whether
 * the two say the same thing. The time is written to the microsecond, as the payload has it.
 */
const COLUMNS_AS_PAYLOAD = `jsonb_build_object('commandId', command_id, 'data', data, 'eventId', event_id, 'hashVersion', hash_version,
  'metadata', metadata, 'position', position::text, 'recordedAt', ${RECORDED_AT_AS_PAYLOAD},
  'schemaVersion', schema_version, 'streamId', stream_id, 'streamVersion', stream_version::text, 'type', type)`;

/** Every column as the text PostgreSQL sent (no JSON.parse of jsonb, no Date, no number parsing). */
const AS_TEXT = { getTypeParser: () => (value: string) => value };

/** Where the walk stands: everything before `expectedPosition` verified, ending in `previous`. */
interface WalkState {
  previous: string;
  expectedPosition: bigint;
  checked: number;
  digestSeen: boolean;
  /** Formats never go back: once an event is hashed in version 2, an older format after it is a forged row. */
  newestVersion: number;
  /** Likewise stored bytes: once an event has them, every later one has. */
  payloadSeen: boolean;
}

/**
 * Walks the whole hash chain in position order and names the first event that was altered, removed or moved.
 * Positions are gapless by construction, so a hole is a removed event; any change of an event's content, position,
 * stream version or predecessor breaks its hash.
 *
 * An event recorded since the store kept canonical bytes carries its canonical bytes (`payload`): its hash is
 * SHA-256(previous ‖ payload) over the stored text as it is, nothing rebuilt, and every other column (data and
 * metadata as jsonb, the position, stream, version, type, time to the microsecond, command id, format) must still say
 * what the payload says; a column changed on its own is an altered event. These events are checked inside PostgreSQL,
 * in ranges on two connections at once (`CHUNK_CHECK`); only when a range holds something that does not check is it
 * walked here row by row from there, to name the event and the problem exactly as before. An event recorded before
 * has no payload and is hashed here through the read adapter (`chainHashOfText`, canonical JSON rebuilt from jsonb
 * text). Once an event with a payload has been seen, an event without one after it is a forged row (the store never
 * goes back). The log is verified as it stands when verification starts (events appended meanwhile are left for the
 * next run).
 */
export async function verifyChain(pool: Pool, options: VerifyOptions = {}): Promise<ChainVerification> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const digest = options.expectedDigest;
  const state: WalkState = {
    previous: GENESIS_HASH,
    expectedPosition: 1n,
    checked: 0,
    digestSeen: digest === undefined || digest.position === 0n,
    newestVersion: 1,
    payloadSeen: false,
  };
  // The log's end, and where stored bytes begin (events before that are walked here).
  const { rows: bounds } = await pool.query<{ head: string | null; stored: string | null }>(
    `SELECT (SELECT max(position) FROM events)::text AS head,
            (SELECT position FROM events WHERE payload IS NOT NULL ORDER BY position LIMIT 1)::text AS stored`,
  );
  const head = BigInt(bounds[0].head ?? 0);
  const stored = bounds[0].stored === null ? head + 1n : BigInt(bounds[0].stored);
  if (stored > 1n) {
    const failure = await walk(pool, state, stored - 1n, pageSize, options);
    if (failure) return failure;
  }
  if (stored <= head) {
    const failure =
      options.chunkSize === 0 ? await walk(pool, state, head, pageSize, options) : await checkChunks(pool, state, head, pageSize, options);
    if (failure) return failure;
  }
  const end = { position: state.expectedPosition - 1n, hash: state.previous };
  if (!state.digestSeen && digest) {
    return fail(state.checked, end, {
      problem: 'truncated',
      position: digest.position,
      message: `保存済みダイジェストの位置 ${digest.position} まで履歴がありません。 The log ends at ${end.position}, before the saved digest's position ${digest.position}: events were removed.`,
    });
  }
  return { ok: true, checked: state.checked, head: end };
}

/**
 * The fast path from `state.expectedPosition` to `head`: ranges of CHUNK positions checked by PostgreSQL, PARALLEL_CHUNKS
 * at a time, taken in order. A range that checks moves the state to its end; the first one that does not is walked
 * row by row from its first suspect event, which names the failure (or, if the walk finds none there, carries on).
 */
async function checkChunks(pool: Pool, state: WalkState, head: bigint, pageSize: number, options: VerifyOptions): Promise<ChainVerification | undefined> {
  const chunk = BigInt(options.chunkSize ?? CHUNK);
  const pending: { from: bigint; to: bigint; result: Promise<ChunkResult> }[] = [];
  let nextFrom = state.expectedPosition;
  const fill = () => {
    while (pending.length < PARALLEL_CHUNKS && nextFrom <= head) {
      const from = nextFrom;
      const to = from + chunk - 1n < head ? from + chunk - 1n : head;
      const result = checkChunk(pool, from, to);
      // A range read ahead may be abandoned when verification stops early; its failure must not go unhandled.
      result.catch(() => undefined);
      pending.push({ from, to, result });
      nextFrom = to + 1n;
    }
  };
  fill();
  while (pending.length > 0) {
    const { from, to, result } = pending.shift()!;
    const checked = await result;
    if (checked.suspect === undefined) {
      fill();
      const failure = await passChecked(pool, state, to, checked.lastHash!, options.expectedDigest);
      if (failure) return failure;
      options.onProgress?.(state.checked, to);
      continue;
    }
    // Everything before the suspect event checked: walk from there, with the hash it must chain onto.
    pending.length = 0;
    const suspect = checked.suspect;
    if (suspect > from) {
      const { rows } = await pool.query<{ hash: string }>('SELECT hash FROM events WHERE position = $1', [(suspect - 1n).toString()]);
      const failure = await passChecked(pool, state, suspect - 1n, rows[0].hash, options.expectedDigest);
      if (failure) return failure;
    }
    const failure = await walk(pool, state, to, pageSize, options);
    if (failure) return failure;
    nextFrom = to + 1n;
    fill();
  }
  return undefined;
}

export interface ChunkResult {
  /** The stored hash of the range's last event, when the whole range checks. */
  readonly lastHash?: string;
  /**
   * The first position in the range that is not an event that checks, if any: a missing one (the position after the
   * event before a hole), or an event that fails CHUNK_CHECK.
   */
  readonly suspect?: bigint;
}

/**
 * One range [from, to] checked by PostgreSQL: every position present once and every event passing CHUNK_CHECK. A
 * payload that is not JSON at all or a hash that is not hex (only a forger writes either) makes PostgreSQL refuse the
 * whole range: the walk then names it.
 */
export async function checkChunk(pool: Pool, from: bigint, to: bigint): Promise<ChunkResult> {
  let rows: { n: number; last: string | null; suspect: string | null; last_hash: string | null }[];
  try {
    ({ rows } = await pool.query({
      // The row before the range comes along so that the first event's predecessor is known; each `OFFSET 0` keeps
      // the level below from being merged into the one above, so that every derived value is computed once per event
      // rather than once per use.
      text: `SELECT count(*)::int AS n, max(position)::text AS last, min(CASE WHEN prev_position < position - 1 THEN prev_position + 1 ELSE position END) FILTER (WHERE ok IS NOT TRUE)::text AS suspect,
                    (SELECT hash FROM events WHERE position = $2) AS last_hash
             FROM (SELECT position, prev_position, (${CHUNK_CHECK}) AS ok
                   FROM (SELECT *, position(marker IN middle) AS at
                         FROM (SELECT *, substring(bytes FROM octet_length(head) + 1 FOR greatest(0, octet_length(bytes) - octet_length(head) - octet_length(tail))) AS middle
                               FROM (SELECT r.*, convert_to(r.payload, 'UTF8') AS bytes, ${ENVELOPE_AROUND_JSON}
                                     FROM (SELECT e.*, lag(e.hash) OVER w AS prev_hash, lag(e.position) OVER w AS prev_position
                                           FROM events e WHERE e.position >= $1::bigint - 1 AND e.position <= $2 WINDOW w AS (ORDER BY e.position)) r
                                     WHERE r.position >= $1 OFFSET 0) parts OFFSET 0) cut OFFSET 0) located) x`,
      values: [from.toString(), to.toString()],
    }));
  } catch (error) {
    // A data exception (class 22: a payload that is not JSON, a hash that is not hex) is something only a forger
    // writes; the walk names it.
    if ((error as { code?: string }).code?.startsWith('22')) return { suspect: from };
    throw error;
  }
  const [{ n, last, suspect, last_hash: lastHash }] = rows;
  if (suspect !== null) return { suspect: BigInt(suspect) };
  // Positions missing at the end of the range (or the whole range) leave no row to flag.
  if (BigInt(n) !== to - from + 1n || lastHash === null) return { suspect: last === null ? from : BigInt(last) + 1n };
  return { lastHash };
}

/**
 * Moves the state over positions from `state.expectedPosition` through `to`, which the fast path checked (events with
 * stored bytes in the current format, ending in `lastHash`); a saved digest among them must be the stored hash there.
 */
async function passChecked(pool: Pool, state: WalkState, to: bigint, lastHash: string, digest: ChainDigest | undefined): Promise<ChainVerification | undefined> {
  const failure = await checkDigestIn(pool, state, state.expectedPosition, to, digest);
  if (failure) return failure;
  state.checked += Number(to - state.expectedPosition + 1n);
  state.expectedPosition = to + 1n;
  state.previous = lastHash;
  state.newestVersion = CURRENT_HASH_VERSION;
  state.payloadSeen = true;
  return undefined;
}

/** A saved digest inside a range the fast path checked: the stored hash there must be the digest's. */
async function checkDigestIn(pool: Pool, state: WalkState, from: bigint, to: bigint, digest: ChainDigest | undefined): Promise<ChainVerification | undefined> {
  if (!digest || state.digestSeen || digest.position < from || digest.position > to) return undefined;
  const { rows } = await pool.query<{ position: string; hash: string; event_id: string }>(
    'SELECT position::text, hash, event_id::text FROM events WHERE position IN ($1, $2) ORDER BY position',
    [(digest.position - 1n).toString(), digest.position.toString()],
  );
  const at = rows.find((row) => BigInt(row.position) === digest.position)!;
  if (at.hash !== digest.hash) {
    const before = rows.find((row) => BigInt(row.position) === digest.position - 1n);
    return fail(state.checked + Number(digest.position - from), { position: digest.position - 1n, hash: before?.hash ?? state.previous }, {
      problem: 'digest_mismatch',
      position: digest.position,
      eventId: at.event_id,
      message: `保存済みダイジェストと一致しません（位置 ${digest.position}）。 The chain at position ${digest.position} does not match the saved digest.`,
    });
  }
  state.digestSeen = true;
  return undefined;
}

/**
 * The row-by-row walk from `state.expectedPosition` through `until`, advancing the state; returns the failure it finds.
 * The next pages are fetched while this one is hashed.
 */
async function walk(pool: Pool, state: WalkState, until: bigint, pageSize: number, options: VerifyOptions): Promise<ChainVerification | undefined> {
  const digest = options.expectedDigest;
  const digestPosition = digest?.position.toString();
  // The events of one group commit share their time: convert each distinct text once.
  let lastTimeText = '';
  let lastTimeIso = '';
  let lastTimeIsoMicros = '';
  const fetchPage = (from: bigint) => {
    // A payload that is not JSON at all (only a forger writes one) makes PostgreSQL refuse the whole page; that page
    // is then read again with the comparison made here, so that the event is named rather than the verifier failing.
    const page = queryPage(pool, from, until, pageSize, false).catch((error: unknown) =>
      (error as { code?: string }).code === INVALID_TEXT_REPRESENTATION ? queryPage(pool, from, until, pageSize, true) : Promise.reject(error),
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
  let aheadFrom = state.expectedPosition;
  const fillAhead = () => {
    while (ahead.length < PAGES_AHEAD + 1 && aheadFrom <= until) {
      ahead.push(fetchPage(aheadFrom));
      aheadFrom += BigInt(pageSize);
    }
  };
  fillAhead();
  while (ahead.length > 0) {
    const rows = await (ahead.shift() as Promise<Row[]>);
    if (rows.length === pageSize) fillAhead();
    // Positions are compared as text; the expected one is a Number while that is exact (always, in practice).
    let expected = state.expectedPosition <= BigInt(Number.MAX_SAFE_INTEGER) - BigInt(pageSize) ? Number(state.expectedPosition) : -1;
    for (let r = 0; r < rows.length; r += 1) {
      // Let the socket be read now and then, so that PostgreSQL keeps sending the next page while this one is
      // hashed instead of stalling on a full socket buffer.
      if (r % YIELD_EVERY === YIELD_EVERY - 1) await new Promise<void>((resolve) => setImmediate(resolve));
      const [positionText, eventId, streamId, streamVersionText, type, schemaVersion, data, metadata, recordedAtMicros, hash, hashVersionText, commandId, payload, consistent] =
        rows[r];
      const inOrder = expected >= 0 ? positionText === String(expected) : BigInt(positionText) === state.expectedPosition;
      if (!inOrder) {
        return missing(state, expected >= 0 ? BigInt(expected) : state.expectedPosition);
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
      const known = HASH_VERSIONS.includes(hashVersion) && hashVersion >= state.newestVersion;
      let computed: string | false = false;
      if (payload !== null) {
        // The stored bytes, hashed as they are; the columns must still say the same.
        if (known && consistent === 't') computed = chainHashOfCanonical(state.previous, payload);
      } else if (known && !state.payloadSeen && data !== null && metadata !== null) {
        computed = chainHashOfText(state.previous, {
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
        return fail(state.checked, { position: position - 1n, hash: state.previous }, {
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
          return fail(state.checked, { position: position - 1n, hash: state.previous }, {
            problem: 'digest_mismatch',
            position,
            eventId,
            message: `保存済みダイジェストと一致しません（位置 ${position}）。 The chain at position ${position} does not match the saved digest.`,
          });
        }
        state.digestSeen = true;
      }
      state.previous = hash;
      state.newestVersion = hashVersion;
      if (payload !== null) state.payloadSeen = true;
      if (expected >= 0) expected += 1;
      else state.expectedPosition += 1n;
      state.checked += 1;
    }
    if (rows.length > 0) state.expectedPosition = BigInt(rows[rows.length - 1][0]) + 1n;
    options.onProgress?.(state.checked, state.expectedPosition - 1n);
    if (rows.length < pageSize) break;
  }
  // Positions missing at the end of the walked range: the next event present (if any) is not the one expected.
  if (state.expectedPosition <= until) return missing(state, state.expectedPosition);
  return undefined;
}

const INVALID_TEXT_REPRESENTATION = '22P02';

/**
 * One page of rows. `careful`: the payload is not parsed by PostgreSQL; the columns come as the jsonb text of
 * COLUMNS_AS_PAYLOAD and are compared with the payload here (canonical forms equal), a payload that does not parse
 * counting as not consistent.
 */
async function queryPage(pool: Pool, from: bigint, until: bigint, pageSize: number, careful: boolean): Promise<Row[]> {
  const result = await pool.query<Row | [...Row, string | null]>({
    // recorded_at as epoch microseconds (exact, and cheaper for the server than formatting a date); data and
    // metadata as jsonb's text only for events without stored bytes: nothing to parse on this side.
    text: `SELECT position::text, event_id::text, stream_id, stream_version::text, type, schema_version::text,
                  CASE WHEN payload IS NULL THEN data::text END, CASE WHEN payload IS NULL THEN metadata::text END,
                  (extract(epoch FROM recorded_at) * 1000000)::bigint::text, hash, hash_version::text, command_id, payload,
                  ${careful ? `NULL, CASE WHEN payload IS NOT NULL THEN (${COLUMNS_AS_PAYLOAD})::text END` : `CASE WHEN payload IS NOT NULL THEN payload::jsonb = ${COLUMNS_AS_PAYLOAD} END`}
           FROM events WHERE events.position >= $1 AND events.position <= $3 ORDER BY events.position LIMIT $2`,
    values: [from.toString(), pageSize, until.toString()],
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

/** The walk reached `position` and found no event there: everything before it verified. */
function missing(state: WalkState, position: bigint): ChainVerification {
  return fail(state.checked, { position: position - 1n, hash: state.previous }, {
    problem: 'missing',
    position,
    message: `位置 ${position} のイベントが削除されています。 Event at position ${position} is missing (removed).`,
  });
}

function fail(checked: number, head: ChainDigest, failure: ChainFailure): ChainVerification {
  return { ok: false, checked, head, failure };
}
