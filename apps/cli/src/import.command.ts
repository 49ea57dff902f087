import { closeSync, createReadStream, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Pool } from 'pg';
import { createDataSource, openAndMigrate } from '@grants/database';
import {
  ChainDigest,
  EVENT_STORE_MIGRATIONS,
  EventMetadata,
  ExportedEvent,
  exportedEventProblem,
  GENESIS_HASH,
  importRecordedEvents,
  ImportRefused,
  JsonObject,
  verifyChain,
} from '@grants/event-store';
import { API_MIGRATIONS } from '../../api/src/database/migrations';
import { CliRefused, CliUsageError } from './cli-errors';
import { str } from './cli-options';
import { EXPORT_TRAILER, ExportTrailer } from './export-format';
import { databaseUrl, options } from './log-reader';
import { Progress } from './progress';

export interface ImportIo {
  readonly out: (line: string) => void;
  readonly progress?: (label: string) => (total: number) => Progress;
  /** Runs after each batch is committed (tests interrupt the import here, as a crash between batches would). */
  readonly afterBatch?: (head: ChainDigest) => Promise<void> | void;
}

const DEFAULT_BATCH = 1000;

/**
 * `import --in <file> [--batch-size 1000]`: restores an export (`cli export`, the whole log, or a fiscal year's when
 * the log held only that year) into a database whose log is empty, or holds the beginning of this same export (an
 * import that was interrupted: what is present is skipped, it must have the very same hashes). Nothing is stored
 * unless the whole file chains from the genesis hash to its trailer (count and head digest); then the events are
 * written as exported in batches that each continue the log, and the log is verified as verify does and its digest
 * printed, which must be the source's. The read models are rebuilt by the service when it starts (its projections
 * catch up from position 0).
 */
export async function importCommand(args: readonly string[], env: NodeJS.ProcessEnv, io: ImportIo): Promise<number> {
  const o = options(args, { in: { type: 'string' }, 'batch-size': { type: 'string' } });
  const path = str(o.in);
  if (!path) throw new CliUsageError('--in <file> is required: an NDJSON file written by `cli export`');
  if (!existsSync(path)) throw new CliUsageError(`--in ${path} does not exist`);
  const batchText = str(o['batch-size']) ?? String(DEFAULT_BATCH);
  if (!/^[1-9]\d{0,5}$/.test(batchText)) throw new CliUsageError(`--batch-size must be a whole number from 1 to 999999, not "${batchText}"`);
  const batchSize = Number(batchText);
  const url = databaseUrl(str(o['database-url']), env);

  // 1. The whole file, before anything is stored: every line chains onto the one before, and the trailer closes it.
  const checked = await checkFile(path, io.progress?.('検査中 / checking'));

  const dataSource = await openAndMigrate(createDataSource({ url, migrations: [...EVENT_STORE_MIGRATIONS, ...API_MIGRATIONS], poolSize: 1 }));
  await dataSource.destroy();
  const pool = new Pool({ connectionString: url, max: 2 });
  try {
    // 2. What the log already holds must be this export's beginning (an interrupted import), with the same hashes.
    const present = await checkPresentPrefix(pool, path, checked.trailer.events);
    // 3. The rest, in batches, each continuing the log.
    const progress = io.progress?.('取込中 / importing')(checked.trailer.events);
    progress?.update(present);
    let batch: ExportedEvent[] = [];
    let imported = 0;
    const commit = async () => {
      const head = await importRecordedEvents(pool, batch);
      imported += batch.length;
      batch = [];
      progress?.update(present + imported);
      await io.afterBatch?.(head);
    };
    for await (const { line, event } of readExport(path)) {
      if (!event) break;
      if (event.position <= BigInt(present)) continue;
      batch.push(event);
      try {
        if (batch.length >= batchSize) await commit();
      } catch (error) {
        throw refusedAt(error, line);
      }
    }
    try {
      if (batch.length > 0) await commit();
    } catch (error) {
      throw refusedAt(error, undefined);
    }
    progress?.finish();
    // 4. The log as verify sees it: its head digest must be the export's.
    const result = await verifyChain(pool);
    if (!result.ok) throw new CliRefused(`取込後の検証に失敗 / the imported log does not verify: ${result.failure?.message}`);
    const digest = `${result.head.position}:${result.head.hash}`;
    io.out(`${imported} events imported, ${present} already present (${checked.trailer.events} in ${path})`);
    io.out(`検証成功 / verified: ${result.checked} events`);
    io.out(`digest ${digest}`);
    if (digest !== checked.trailer.digest) throw new CliRefused(`the log's digest ${digest} is not the export's ${checked.trailer.digest}: the database holds events beyond the export`);
    io.out('読みモデルはサービス起動時に再構築されます / the read models are rebuilt when the service starts (its projections catch up from the log)');
    return 0;
  } finally {
    await pool.end();
  }
}

function refusedAt(error: unknown, line: number | undefined): unknown {
  if (!(error instanceof ImportRefused)) return error;
  return new CliRefused(`取込を中止 / import refused${line === undefined ? '' : ` near line ${line}`}: ${error.message} Earlier batches are stored; nothing of this one.`);
}

interface ExportLine {
  readonly line: number;
  /** Undefined for the trailer. */
  readonly event?: ExportedEvent;
  readonly trailer?: ExportTrailer;
}

/** The export's lines in order, each parsed (the trailer as such); a line that is neither is refused, naming it. */
async function* readExport(path: string): AsyncGenerator<ExportLine> {
  const input = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const text of lines) {
      n += 1;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new CliRefused(`line ${n} is not JSON (the file is cut off or damaged); nothing stored`);
      }
      const trailer = asTrailer(value);
      if (trailer) {
        yield { line: n, trailer };
        continue;
      }
      const event = asEvent(value);
      if (typeof event === 'string') throw new CliRefused(`line ${n} is not an exported event (${event}); nothing stored`);
      yield { line: n, event };
    }
  } finally {
    // A reader that stops early (the prefix check) closes the file now, not when it is collected.
    lines.close();
    input.destroy();
  }
}

/** Walks the whole file: positions 1, 2, … each chaining onto the previous hash, closed by a trailer that agrees. */
async function checkFile(path: string, progressOf?: (total: number) => Progress): Promise<{ trailer: ExportTrailer }> {
  let head: ChainDigest = { position: 0n, hash: GENESIS_HASH };
  let trailer: ExportTrailer | undefined;
  let trailerLine = 0;
  const progress = progressOf?.(claimedEvents(path));
  for await (const { line, event, trailer: end } of readExport(path)) {
    if (trailer) throw new CliRefused(`line ${line} follows the trailer (line ${trailerLine}); nothing stored`);
    if (end) {
      [trailer, trailerLine] = [end, line];
      continue;
    }
    const e = event as ExportedEvent;
    if (e.position !== head.position + 1n) {
      throw new CliRefused(
        `line ${line}: position ${e.position} follows ${head.position}, so events are missing (a --fiscal-year export restores alone only when the log held that year only: export the whole log); nothing stored`,
      );
    }
    const problem = exportedEventProblem(head.hash, e);
    if (problem) throw new CliRefused(`line ${line}, position ${e.position} (${e.streamId} v${e.streamVersion}): does not chain, ${problem}; nothing stored`);
    head = { position: e.position, hash: e.hash };
    if (line % 1_000 === 0) progress?.update(line);
  }
  progress?.finish();
  if (!trailer) {
    throw new CliRefused(`the file ends after position ${head.position} without its trailer line (count and digest): it is cut off; nothing stored`);
  }
  const digest = `${head.position}:${head.hash}`;
  if (trailer.events !== Number(head.position) || trailer.digest !== digest) {
    throw new CliRefused(`the trailer (line ${trailerLine}) says ${trailer.events} events ending at ${trailer.digest}, the lines hold ${head.position} ending at ${digest}; nothing stored`);
  }
  return { trailer };
}

/**
 * The count the file's trailer claims (0 when its last line is not one): only the checking pass's progress total; the
 * trailer is checked against the lines themselves at the end of that pass.
 */
function claimedEvents(path: string): number {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const tail = Buffer.alloc(Math.min(size, 4096));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    const last = tail.toString('utf8').trimEnd().split('\n').at(-1) ?? '';
    try {
      return asTrailer(JSON.parse(last))?.events ?? 0;
    } catch {
      return 0;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * How many of the export's events the log already holds: all of them a prefix of the file with identical hashes
 * (an interrupted import); an empty log holds none. Anything else is refused before a row is written.
 */
async function checkPresentPrefix(pool: Pool, path: string, exported: number): Promise<number> {
  const { rows } = await pool.query<{ head: string }>('SELECT coalesce(max(position), 0)::text AS head FROM events');
  const head = Number(rows[0].head);
  if (head === 0) return 0;
  if (head > exported) throw new CliRefused(`the database already holds ${head} events, more than the ${exported} exported: restore into an empty database; nothing stored`);
  const stored = new Map<string, string>();
  for (let from = 0; from < head; from += 10_000) {
    const page = await pool.query<{ position: string; hash: string }>('SELECT position::text AS position, hash FROM events WHERE position > $1 AND position <= $2', [from, Math.min(from + 10_000, head)]);
    for (const row of page.rows) stored.set(row.position, row.hash);
  }
  for await (const { line, event } of readExport(path)) {
    if (!event || event.position > BigInt(head)) break;
    const hash = stored.get(event.position.toString());
    if (hash !== event.hash) {
      throw new CliRefused(
        `line ${line}, position ${event.position}: the database holds ${hash === undefined ? 'no event' : 'another event'} there, so its log is not this export's beginning: restore into an empty database; nothing stored`,
      );
    }
  }
  return head;
}

function asTrailer(value: unknown): ExportTrailer | undefined {
  if (typeof value !== 'object' || value === null || (value as Record<string, unknown>)[EXPORT_TRAILER] !== true) return undefined;
  const { events, digest } = value as Record<string, unknown>;
  if (typeof events !== 'number' || typeof digest !== 'string') return undefined;
  return value as ExportTrailer;
}

const DECIMAL = /^(0|[1-9]\d{0,18})$/;

/** An exported event line as the store's event, or what is wrong with it. */
function asEvent(value: unknown): ExportedEvent | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const v = value as Record<string, unknown>;
  const text = (key: string) => typeof v[key] === 'string';
  for (const key of ['position', 'eventId', 'streamId', 'streamVersion', 'type', 'recordedAt', 'hash']) if (!text(key)) return `${key} missing`;
  if (!DECIMAL.test(v.position as string) || !DECIMAL.test(v.streamVersion as string)) return 'position or streamVersion not a decimal';
  // Exports written before hash formats existed have no hashVersion: format 1.
  const hashVersion = v.hashVersion ?? 1;
  if (!Number.isInteger(v.schemaVersion) || !Number.isInteger(hashVersion)) return 'schemaVersion or hashVersion not an integer';
  const isObject = (x: unknown) => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (!isObject(v.data) || !isObject(v.metadata)) return 'data or metadata not an object';
  if (typeof (v.metadata as Record<string, unknown>).commandId !== 'string') return 'metadata.commandId missing';
  if (v.payload !== undefined && typeof v.payload !== 'string') return 'payload not a text';
  const recordedAt = new Date(v.recordedAt as string);
  if (Number.isNaN(recordedAt.getTime())) return 'recordedAt not a time';
  if (!/^[0-9a-f]{64}$/.test(v.hash as string)) return 'hash not 64 hex digits';
  return {
    position: BigInt(v.position as string),
    eventId: v.eventId as string,
    streamId: v.streamId as string,
    streamVersion: BigInt(v.streamVersion as string),
    type: v.type as string,
    schemaVersion: v.schemaVersion as number,
    data: v.data as JsonObject,
    metadata: v.metadata as EventMetadata,
    recordedAt,
    hash: v.hash as string,
    hashVersion: hashVersion as number,
    ...(v.payload === undefined ? {} : { payload: v.payload as string }),
  };
}
