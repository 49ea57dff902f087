import { Pool } from 'pg';
import { ChainDigest, ExportedEvent, exportedCheckpointProblem, exportedEventProblem, GENESIS_HASH, StoredCheckpoint } from '@grants/event-store';
import { CliRefused } from './cli-errors';
import { ExportTrailer } from './export-format';
import { claimedEvents, readExport } from './export-reader';
import { Progress } from './progress';

/** What the checking pass found: the trailer, and the signed checkpoints with their lines (a few per year). */
export interface CheckedExport {
  readonly trailer: ExportTrailer;
  readonly checkpoints: readonly { readonly line: number; readonly checkpoint: StoredCheckpoint }[];
}

/**
 * Walks the whole file: positions 1, 2, … each chaining onto the previous hash; then the signed checkpoints, each
 * intact (signed by the key it names) and signing the file's own chain at its position; closed by a trailer that
 * agrees on both counts and the head digest.
 */
export async function checkFile(path: string, progressOf?: (total: number) => Progress): Promise<CheckedExport> {
  let head: ChainDigest = { position: 0n, hash: GENESIS_HASH };
  let trailer: ExportTrailer | undefined;
  let trailerLine = 0;
  const checkpoints: { line: number; checkpoint: StoredCheckpoint }[] = [];
  const ids = new Map<string, number>();
  const progress = progressOf?.(claimedEvents(path));
  for await (const { line, event, checkpoint, trailer: end } of readExport(path)) {
    if (trailer) throw new CliRefused(`line ${line} follows the trailer (line ${trailerLine}); nothing stored`);
    if (end) {
      [trailer, trailerLine] = [end, line];
      continue;
    }
    if (checkpoint) {
      const where = `line ${line}, checkpoint #${checkpoint.id} (position ${checkpoint.position})`;
      const problem = exportedCheckpointProblem(checkpoint);
      if (problem) throw new CliRefused(`${where}: not intact, ${problem}; nothing stored`);
      if (ids.has(checkpoint.id)) throw new CliRefused(`${where}: the same id as line ${ids.get(checkpoint.id)}; nothing stored`);
      ids.set(checkpoint.id, line);
      checkpoints.push({ line, checkpoint });
      continue;
    }
    const e = event as ExportedEvent;
    if (checkpoints.length > 0) throw new CliRefused(`line ${line}: an event after the checkpoint lines, which follow the last event; nothing stored`);
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
  // Exports written before checkpoints were exported have no count, and no checkpoint lines.
  if ((trailer.checkpoints ?? 0) !== checkpoints.length) {
    throw new CliRefused(`the trailer (line ${trailerLine}) says ${trailer.checkpoints ?? 0} signed checkpoints, the file holds ${checkpoints.length}; nothing stored`);
  }
  await checkSignedHeads(path, checkpoints, head);
  return { trailer, checkpoints };
}

/**
 * Each checkpoint must sign the file's chain: the hash of the event at its position (the genesis hash at 0). The
 * events come first in the file, so their hashes at the signed positions are read in a second pass, which stops after
 * the last signed position (only when there are checkpoints; nothing of the file is kept but those few hashes).
 */
async function checkSignedHeads(path: string, checkpoints: CheckedExport['checkpoints'], head: ChainDigest): Promise<void> {
  if (checkpoints.length === 0) return;
  const hashes = new Map<bigint, string>([[0n, GENESIS_HASH]]);
  const wanted = new Set(checkpoints.map(({ checkpoint }) => checkpoint.position));
  const last = [...wanted].reduce((a, b) => (a > b ? a : b), 0n);
  if (last > 0n) {
    for await (const { event } of readExport(path)) {
      if (!event || event.position > last) break;
      if (wanted.has(event.position)) hashes.set(event.position, event.hash);
    }
  }
  for (const { line, checkpoint } of checkpoints) {
    const where = `line ${line}, checkpoint #${checkpoint.id} (position ${checkpoint.position})`;
    if (checkpoint.position > head.position) throw new CliRefused(`${where}: signs a position beyond the exported chain, which ends at ${head.position}; nothing stored`);
    const hash = hashes.get(checkpoint.position);
    if (hash !== checkpoint.hash) throw new CliRefused(`${where}: signs ${checkpoint.hash}, the file's chain has ${hash} there; nothing stored`);
  }
}

/**
 * How many of the export's events the log already holds: all of them a prefix of the file with identical hashes
 * (an interrupted import); an empty log holds none. Anything else is refused before a row is written.
 */
export async function checkPresentPrefix(pool: Pool, path: string, exported: number): Promise<number> {
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
