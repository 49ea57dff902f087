import { fiscalYearOfStream, FiscalYearReplay } from '@grants/domain';
import { createDataSource, openAndMigrate } from '@grants/database';
import { EVENT_STORE_MIGRATIONS, PostgresEventStore, ProjectionRunner, StreamCatalogEntry, Upcasters } from '@grants/event-store';
import { Pool } from 'pg';
import { API_UPCASTERS } from '../../api/src/commands/upcasters';
import { API_MIGRATIONS } from '../../api/src/database/migrations';
import { readModelProjections } from '../../api/src/projections/read-models';
import { CliNotFound, CliUsageError, EXIT_NOT_REPRODUCED } from './cli-errors';
import { str } from './cli-options';
import { databaseUrl, options, requireFiscalYear, scanLog } from './log-reader';
import { Progress } from './progress';

export { EXIT_NOT_REPRODUCED };

/**
 * The read models a rebuild fills, and how to read one fiscal year's rows of each in a comparable order: by the year
 * column, or by the year its stream id names (read by fiscalYearOfStream, the one parser of stream ids).
 */
export const READ_MODELS = [
  { name: 'submission_overview', rows: `SELECT to_jsonb(o) AS row, fiscal_year AS year FROM submission_overview o ORDER BY insurer_code`, yearOf: (year: string) => year },
  { name: 'stream_catalog', rows: `SELECT to_jsonb(c) AS row, stream_id AS year FROM stream_catalog c ORDER BY stream_id`, yearOf: fiscalYearOfStream },
  { name: 'score_calculation', rows: `SELECT to_jsonb(s) AS row, fiscal_year AS year FROM score_calculation s`, yearOf: (year: string) => year },
  { name: 'recipient_score', rows: `SELECT to_jsonb(s) AS row, fiscal_year AS year FROM recipient_score s ORDER BY level, code`, yearOf: (year: string) => year },
  { name: 'score_ranking', rows: `SELECT to_jsonb(r) AS row, fiscal_year AS year FROM score_ranking r ORDER BY scope, ordinal`, yearOf: (year: string) => year },
  { name: 'audit_index', rows: `SELECT to_jsonb(a) AS row, fiscal_year AS year FROM audit_index a ORDER BY recipient_code, position`, yearOf: (year: string) => year },
  {
    name: 'submission_status_history',
    rows: `SELECT to_jsonb(h) AS row, fiscal_year AS year FROM submission_status_history h ORDER BY insurer_code, position`,
    yearOf: (year: string) => year,
  },
  { name: 'fiscal_year_view', rows: `SELECT to_jsonb(y) AS row, fiscal_year AS year FROM fiscal_year_view y`, yearOf: (year: string) => year },
  { name: 'registered_insurer', rows: `SELECT to_jsonb(i) AS row, fiscal_year AS year FROM registered_insurer i ORDER BY code`, yearOf: (year: string) => year },
  {
    name: 'calculation_amount',
    rows: `SELECT to_jsonb(a) AS row, fiscal_year AS year FROM calculation_amount a ORDER BY calculation, ordinal`,
    yearOf: (year: string) => year,
  },
  { name: 'municipal_request', rows: `SELECT to_jsonb(r) AS row, fiscal_year AS year FROM municipal_request r ORDER BY insurer_code`, yearOf: (year: string) => year },
] as const;

interface ReadModelRow {
  readonly row: unknown;
  readonly year: string;
}

/**
 * `replay --fiscal-year FY2024 [--read-store <empty database url>]`: reads the whole log straight from PostgreSQL
 * (the service may be stopped), rebuilds the fiscal year from its events alone and recomputes every recorded
 * decision; one line per mismatch. With `--read-store`, the read models are also rebuilt from zero in that fresh,
 * empty database and compared row by row with the live ones.
 * Exit codes: 0 every decision (and read-model row) reproduced, 4 some were not, 5 no events of the year,
 * 1 the database could not be read.
 */
export async function replayCommand(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  io: { out: (line: string) => void; progress?: (total: number) => Progress; rebuildProgress?: (total: number) => Progress },
): Promise<number> {
  const o = options(args, { 'fiscal-year': { type: 'string' }, 'read-store': { type: 'string' } });
  const fiscalYear = requireFiscalYear(str(o['fiscal-year']));
  const url = databaseUrl(str(o['database-url']), env);
  const replay = new FiscalYearReplay(fiscalYear);
  await scanLog(url, (event) => replay.apply(event), { progress: io.progress });
  const report = replay.report();
  if (report.events === 0) throw new CliNotFound(`${fiscalYear} のイベントはありません / no events of ${fiscalYear}`);
  for (const m of report.mismatches) {
    io.out(`不一致 / MISMATCH at position ${m.position} (${m.type}, ${m.eventId}) ${m.recipient ?? '-'} ${m.field}: recorded ${m.recorded}, recomputed ${m.recomputed}`);
  }
  io.out(`${fiscalYear}: ${report.events} events, ${report.decisions} decisions recomputed, ${report.mismatches.length} mismatches`);
  const readStore = str(o['read-store']);
  const readModelsDiffer = readStore !== undefined && (await rebuildReadStore(url, readStore, fiscalYear, io));
  return report.mismatches.length === 0 && !readModelsDiffer ? 0 : EXIT_NOT_REPRODUCED;
}

/** Rebuilds every read model in an empty database from the source's events and compares the year's rows. */
async function rebuildReadStore(sourceUrl: string, targetUrl: string, fiscalYear: string, io: { out: (line: string) => void; rebuildProgress?: (total: number) => Progress }): Promise<boolean> {
  if (targetUrl === sourceUrl) throw new CliUsageError('--read-store must be another, empty database (not the one the events are read from)');
  const target = await openAndMigrate(createDataSource({ url: targetUrl, entities: [StreamCatalogEntry], migrations: [...EVENT_STORE_MIGRATIONS, ...API_MIGRATIONS], poolSize: 2 }));
  const source = new PostgresEventStore({ connectionString: sourceUrl, poolSize: 2 });
  const live = new Pool({ connectionString: sourceUrl, max: 1 });
  try {
    const [{ n }] = (await target.query(
      'SELECT ((SELECT count(*) FROM submission_overview) + (SELECT count(*) FROM stream_catalog) + (SELECT count(*) FROM events))::int AS n',
    )) as { n: number }[];
    if (n !== 0) throw new CliUsageError('--read-store must be an empty database: it already holds rows');
    const runner = new ProjectionRunner(source, target, readModelProjections(), { upcasters: new Upcasters(API_UPCASTERS) });
    const head = await source.headPosition();
    const progress = io.rebuildProgress?.(Number(head));
    progress?.update(0);
    await runner.catchUp();
    progress?.update(Number(head));
    progress?.finish();
    let differ = false;
    for (const model of READ_MODELS) {
      const ofYear = (rows: readonly ReadModelRow[]) => rows.filter((r) => model.yearOf(r.year) === fiscalYear);
      const rebuilt = ofYear(await target.query<ReadModelRow[]>(model.rows));
      let liveRows: ReadModelRow[] | undefined;
      try {
        liveRows = ofYear((await live.query<ReadModelRow>(model.rows)).rows);
      } catch {
        liveRows = undefined; // a dump of the events alone: nothing live to compare with
      }
      if (liveRows === undefined) {
        io.out(`read model ${model.name}: ${rebuilt.length} rows rebuilt (no live table to compare)`);
        continue;
      }
      const a = rebuilt.map((r) => JSON.stringify(r.row));
      const b = liveRows.map((r) => JSON.stringify(r.row));
      const missing = b.filter((row) => !a.includes(row)).length;
      const extra = a.filter((row) => !b.includes(row)).length;
      if (missing + extra > 0) differ = true;
      io.out(
        missing + extra === 0
          ? `read model ${model.name}: ${rebuilt.length} rows rebuilt, equal to the live rows`
          : `不一致 / read model ${model.name}: ${rebuilt.length} rows rebuilt, ${missing} live rows not reproduced, ${extra} rebuilt rows not live`,
      );
    }
    return differ;
  } finally {
    await Promise.all([target.destroy(), source.close(), live.end()]);
  }
}
