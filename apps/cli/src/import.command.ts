import { existsSync } from 'node:fs';
import { Pool } from 'pg';
import { createDataSource, openAndMigrate } from '@grants/database';
import {
  ChainDigest,
  CheckpointImportRefused,
  EVENT_STORE_MIGRATIONS,
  ExportedEvent,
  importCheckpoints,
  importRecordedEvents,
  ImportRefused,
  verifyChain,
} from '@grants/event-store';
import { CHECKPOINT_SIGNER_PROJECTION } from '../../api/src/audit/checkpoints/checkpoint-signing.projection';
import { API_MIGRATIONS } from '../../api/src/database/migrations';
import { CliRefused, CliUsageError } from './cli-errors';
import { str } from './cli-options';
import { readExport } from './export-reader';
import { CheckedExport, checkFile, checkPresentPrefix } from './import-checks';
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
 * printed, which must be the source's. Then the signed checkpoints are restored as signed (ids included; those already
 * present must be identical), and the service's signer is told they are signed, so that it does not sign those events
 * again. The read models are rebuilt by the service when it starts (its projections catch up from position 0).
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

  // 1. The whole file, before anything is stored: every event chains onto the one before, every checkpoint signs that
  // chain, and the trailer closes it.
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
    // 5. The signed checkpoints, as signed; then the service's signer goes on after the last one it had signed itself.
    await restoreCheckpoints(pool, checked, io);
    io.out('読みモデルはサービス起動時に再構築されます / the read models are rebuilt when the service starts (its projections catch up from the log)');
    return 0;
  } finally {
    await pool.end();
  }
}

/**
 * The export's signed checkpoints into `audit_checkpoints` (importCheckpoints: each checked again against the stored
 * chain; a refusal names its line), then the service's signer moved past the last checkpoint it had signed itself
 * (those with no requester), so that the restored service does not sign those events a second time.
 */
async function restoreCheckpoints(pool: Pool, checked: CheckedExport, io: ImportIo): Promise<void> {
  const checkpoints = checked.checkpoints.map(({ checkpoint }) => checkpoint);
  try {
    const { inserted, present } = await importCheckpoints(pool, checkpoints);
    io.out(`署名済みチェックポイント / signed checkpoints: ${inserted} restored, ${present} already present`);
  } catch (error) {
    if (!(error instanceof CheckpointImportRefused)) throw error;
    const line = checked.checkpoints.find(({ checkpoint }) => checkpoint.id === error.checkpointId)?.line;
    throw new CliRefused(`チェックポイントの復元を中止 / checkpoints refused${line === undefined ? '' : ` at line ${line}`}: ${error.message} The events are stored; no checkpoint.`);
  }
  const signed = checkpoints.filter((c) => c.requestedBy === null).map((c) => c.position);
  if (signed.length === 0) return;
  const last = signed.reduce((a, b) => (a > b ? a : b));
  await pool.query(
    `INSERT INTO projection_checkpoints (name, position) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE SET position = GREATEST(projection_checkpoints.position, EXCLUDED.position), updated_at = now()`,
    [CHECKPOINT_SIGNER_PROJECTION, last.toString()],
  );
}

function refusedAt(error: unknown, line: number | undefined): unknown {
  if (!(error instanceof ImportRefused)) return error;
  return new CliRefused(`取込を中止 / import refused${line === undefined ? '' : ` near line ${line}`}: ${error.message} Earlier batches are stored; nothing of this one.`);
}
