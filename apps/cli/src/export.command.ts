import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { Pool } from 'pg';
import { fiscalYearOfStream } from '@grants/domain';
import { GENESIS_HASH, PostgresEventStore, readAllPages, readCheckpoints, RecordedEvent, StoredCheckpoint } from '@grants/event-store';
import { CliNotFound, CliUsageError } from './cli-errors';
import { str } from './cli-options';
import { checkpointLine, ExportTrailer } from './export-format';
import { databaseUrl, options, requireFiscalYear } from './log-reader';
import { Progress } from './progress';

export interface ExportIo {
  readonly out: (line: string) => void;
  readonly progress?: (label: string) => (total: number) => Progress;
}

/** Events read, and written, per page: what the export holds in memory at a time (with the next page prefetched). */
export const EXPORT_PAGE = 2_000;

/**
 * `export --out <file> [--fiscal-year FY2024]`: the log as NDJSON (export-format.ts), one event per line exactly as
 * stored, with its chain hash and, for events recorded since the store keeps them, the canonical bytes the hash covers
 * (`payload`); every year when no fiscal year is given, so that an offline verifier can walk the whole chain and
 * `cli import` can restore it. Then the signed checkpoints of the exported chain (a year's export: those at its own
 * events), then the trailer: the counts and the last event's digest, so that a cut-off file shows. Streamed: read page
 * by page, each page written (waiting for the file or pipe to drain) before the next is parsed, so memory stays bounded
 * whatever the log's size.
 */
export async function exportCommand(args: readonly string[], env: NodeJS.ProcessEnv, io: ExportIo): Promise<number> {
  const o = options(args, { 'fiscal-year': { type: 'string' }, out: { type: 'string' } });
  const fiscalYear = str(o['fiscal-year']) === undefined ? undefined : requireFiscalYear(str(o['fiscal-year']));
  const path = str(o.out);
  if (!path) throw new CliUsageError('--out <file> is required (use - for standard output)');
  const url = databaseUrl(str(o['database-url']), env);
  const file: Writable = path === '-' ? process.stdout : createWriteStream(path, { flags: 'wx' });
  if (file !== process.stdout) {
    try {
      await once(file, 'open');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new CliUsageError(`--out ${path} already exists; an export never overwrites a file`);
      throw error;
    }
  }
  const write = async (text: string) => {
    if (!file.write(text)) await once(file, 'drain');
  };
  const store = new PostgresEventStore({ connectionString: url, poolSize: 2 });
  let written = 0;
  let read = 0;
  let last = { position: '0', hash: GENESIS_HASH };
  let checkpoints: StoredCheckpoint[];
  try {
    const progress = io.progress?.('書出し中 / exporting')(Number(await store.headPosition()));
    for await (const page of readAllPages(store, { pageSize: EXPORT_PAGE })) {
      read += page.length;
      const chosen = fiscalYear === undefined ? page : page.filter((e) => fiscalYearOfStream(e.streamId) === fiscalYear);
      if (chosen.length > 0) {
        const payloads = await storedBytes(store.connectionPool, chosen[0].position, chosen[chosen.length - 1].position);
        await write(`${chosen.map((e) => JSON.stringify(exportRecord(e, payloads.get(e.position.toString())))).join('\n')}\n`);
        written += chosen.length;
        const end = chosen[chosen.length - 1];
        last = { position: end.position.toString(), hash: end.hash ?? '' };
      }
      progress?.update(read);
    }
    progress?.finish();
    checkpoints = await exportedCheckpoints(store.connectionPool, BigInt(last.position), fiscalYear);
    if (checkpoints.length > 0) await write(`${checkpoints.map(checkpointLine).join('\n')}\n`);
    const trailer: ExportTrailer = {
      trailer: true,
      events: written,
      checkpoints: checkpoints.length,
      digest: `${last.position}:${last.hash}`,
      ...(fiscalYear === undefined ? {} : { fiscalYear }),
    };
    await write(`${JSON.stringify(trailer)}\n`);
  } finally {
    await store.close();
    if (file !== process.stdout) {
      file.end();
      await once(file, 'close');
    }
  }
  if (written === 0 && fiscalYear !== undefined) throw new CliNotFound(`${fiscalYear} のイベントはありません / no events of ${fiscalYear}`);
  if (path !== '-') io.out(`${written} events and ${checkpoints.length} signed checkpoints written to ${path} (${read} read)`);
  return 0;
}

/** One event's line: every stored field in this order, and the stored canonical bytes last when there are some. */
function exportRecord(e: RecordedEvent, payload: string | undefined): Record<string, unknown> {
  return {
    position: e.position.toString(),
    eventId: e.eventId,
    streamId: e.streamId,
    streamVersion: e.streamVersion.toString(),
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
    metadata: e.metadata,
    recordedAt: e.recordedAt.toISOString(),
    hash: e.hash,
    hashVersion: e.hashVersion ?? 1,
    ...(payload === undefined ? {} : { payload }),
  };
}

/** The stored canonical bytes (`payload`, events recorded since the store kept them) of positions from..to. */
async function storedBytes(pool: Pool, from: bigint, to: bigint): Promise<Map<string, string>> {
  const { rows } = await pool.query<{ position: string; payload: string }>(
    'SELECT position::text AS position, payload FROM events WHERE position >= $1 AND position <= $2 AND payload IS NOT NULL',
    [from.toString(), to.toString()],
  );
  return new Map(rows.map((row) => [row.position, row.payload]));
}

/**
 * The checkpoints of what was exported: of the whole log, every one up to its last exported event (the genesis
 * included); of a year, those at one of the year's events.
 */
async function exportedCheckpoints(pool: Pool, last: bigint, fiscalYear: string | undefined): Promise<StoredCheckpoint[]> {
  const all = (await readCheckpoints(pool)).filter((c) => c.position <= last);
  if (fiscalYear === undefined) return all;
  const positions = [...new Set(all.map((c) => c.position.toString()))];
  const { rows } = await pool.query<{ position: string; stream_id: string }>('SELECT position::text AS position, stream_id FROM events WHERE position = ANY($1::bigint[])', [positions]);
  const streams = new Map(rows.map((row) => [row.position, row.stream_id]));
  return all.filter((c) => {
    const stream = streams.get(c.position.toString());
    return stream !== undefined && fiscalYearOfStream(stream) === fiscalYear;
  });
}
