import { existsSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';
import { eventLogRisks, roleOfUrl } from '@grants/database';
import { readCheckpoints, verifyChain, verifyCheckpoints } from '@grants/event-store';
import { ALL_MIGRATIONS } from '../../../api/src/database/database.module';
import { readModelProjections } from '../../../api/src/projections/read-models';
import { CliUsageError, EXIT_FAILED, EXIT_OK } from '../cli-errors';
import { str, strs } from '../cli-options';
import { options } from '../log-reader';
import { readPublicKey } from '../verify.command';
import {
  appRoleCheck,
  AppRoleFacts,
  chainCheck,
  CheckResult,
  clockSkewCheck,
  DEFAULT_MAX_PROJECTION_LAG,
  DEFAULT_STALL_MS,
  diskSpaceCheck,
  doctorFailed,
  formatCheck,
  migrationsCheck,
  projectionsCheck,
} from './doctor-checks';

export interface DoctorIo {
  readonly out: (line: string) => void;
  /** Whether stdout is a terminal: ✓/✗ there, OK/FAIL elsewhere. */
  readonly tty: boolean;
}

type Query = (sql: string, values?: unknown[]) => Promise<Array<Record<string, unknown>>>;

const queryOf =
  (pool: Pool): Query =>
  async (sql, values) =>
    (await pool.query(sql, values)).rows as Array<Record<string, unknown>>;

/** The names TypeORM records in schema_migrations for the migrations in code (its `name`, else the class name). */
export function migrationNamesInCode(): string[] {
  return ALL_MIGRATIONS.map((migration) => {
    const instance = new (migration as new () => { name?: string })();
    return instance.name ?? (migration as { name: string }).name;
  });
}

/**
 * `doctor`: the operator's checks before a deadline, one line each, exit 1 when any fails (README "Runbook").
 * Connects with --database-url, else MIGRATION_DATABASE_URL (the owner may read schema_migrations), else DATABASE_URL.
 * The app role is --app-role-url's user (also logged in with, to prove it can), else APP_DATABASE_ROLE, else
 * DATABASE_URL's user: the role the service runs as.
 */
export async function doctorCommand(args: readonly string[], env: NodeJS.ProcessEnv, io: DoctorIo): Promise<number> {
  const o = options(args, {
    'app-role-url': { type: 'string' },
    'public-key': { type: 'string', multiple: true },
    'max-lag': { type: 'string' },
    json: { type: 'boolean' },
  });
  const url = str(o['database-url']) ?? env.MIGRATION_DATABASE_URL ?? env.DATABASE_URL;
  if (!url) throw new CliUsageError('--database-url (or MIGRATION_DATABASE_URL, or DATABASE_URL) is required');
  const appRoleUrl = str(o['app-role-url']);
  const publicKeys = strs(o['public-key']).map(readPublicKey);
  const maxLagText = str(o['max-lag']) ?? String(DEFAULT_MAX_PROJECTION_LAG);
  if (!/^\d{1,9}$/.test(maxLagText)) throw new CliUsageError(`--max-lag is a number of events, not "${maxLagText}"`);
  const appRole = appRoleUrl !== undefined ? roleOfUrl(appRoleUrl) : (env.APP_DATABASE_ROLE ?? roleOfUrl(env.DATABASE_URL ?? url));

  const results = await runChecks(url, { appRole, appRoleUrl, publicKeys, maxLag: Number(maxLagText) });
  results.push(diskSpaceCheck(...diskSpace(env.DATA_DIR ?? '.data')));

  if (o.json === true) io.out(JSON.stringify({ ok: !doctorFailed(results), checks: results }));
  else for (const result of results) io.out(formatCheck(result, io.tty));
  return doctorFailed(results) ? EXIT_FAILED : EXIT_OK;
}

interface CheckOptions {
  readonly appRole: string;
  readonly appRoleUrl?: string;
  readonly publicKeys: ReturnType<typeof readPublicKey>[];
  readonly maxLag: number;
}

/** Every check that needs the database; when it cannot be reached, that one failure. */
async function runChecks(url: string, options: CheckOptions): Promise<CheckResult[]> {
  const pool = new Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 10_000 });
  const query = queryOf(pool);
  try {
    let connectedAs: string;
    try {
      connectedAs = String((await query('SELECT current_user AS role'))[0].role);
    } catch (error) {
      return [{ check: 'database', status: 'fail', message: `データベースに接続できません / database unreachable: ${(error as Error).message}` }];
    }
    const results: CheckResult[] = [{ check: 'database', status: 'ok', message: `database reachable as "${connectedAs}"` }];
    results.push(await guarded('migrations', () => checkMigrations(query, connectedAs)));
    const [{ events }] = await query(`SELECT to_regclass('public.events') IS NOT NULL AS events`);
    if (!events) {
      results.push({ check: 'app-role', status: 'skip', message: 'no events table yet' }, { check: 'chain', status: 'skip', message: 'no events table yet' });
    } else {
      results.push(await guarded('app-role', async () => appRoleCheck(await appRoleFacts(query, options))));
      results.push(await guarded('chain', () => checkChain(pool, options)));
      results.push(await guarded('projections', () => checkProjections(query, options.maxLag)));
    }
    const before = new Date();
    const [{ now }] = await query('SELECT now() AS now');
    results.push(clockSkewCheck(now as Date, before, new Date()));
    return results;
  } finally {
    await pool.end();
  }
}

/** A check that could not run (a lost connection, the app role's URL refused, a missing privilege) is a failure line. */
async function guarded(check: string, run: () => Promise<CheckResult>): Promise<CheckResult> {
  try {
    return await run();
  } catch (error) {
    return { check, status: 'fail', message: `could not check: ${(error as Error).message}` };
  }
}

async function checkMigrations(query: Query, connectedAs: string): Promise<CheckResult> {
  const [{ present, readable }] = await query(`
    SELECT to_regclass('public.schema_migrations') IS NOT NULL AS present,
           coalesce(has_table_privilege(to_regclass('public.schema_migrations'), 'SELECT'), false) AS readable`);
  if (!present) return migrationsCheck(migrationNamesInCode(), []);
  if (!readable) {
    return {
      check: 'migrations',
      status: 'warn',
      message: `not checked: "${connectedAs}" may not read schema_migrations (the app role may, once the service has started and granted it); give the owner's URL (--database-url or MIGRATION_DATABASE_URL)`,
    };
  }
  const applied = (await query('SELECT name FROM schema_migrations ORDER BY id')).map((row) => String(row.name));
  return migrationsCheck(migrationNamesInCode(), applied);
}

/**
 * The app role's facts: logged in as it when its URL is given (the very check the service runs at its start,
 * eventLogRisks), else looked up by name from this connection.
 */
async function appRoleFacts(query: Query, options: CheckOptions): Promise<AppRoleFacts> {
  const role = options.appRole;
  const privileges = `has_table_privilege(%s, 'public.events', 'SELECT') AND has_table_privilege(%s, 'public.events', 'INSERT') AS "canAppend"`;
  if (options.appRoleUrl !== undefined) {
    const pool = new Pool({ connectionString: options.appRoleUrl, max: 1, connectionTimeoutMillis: 10_000 });
    try {
      const asApp = queryOf(pool);
      const [{ canAppend }] = await asApp(`SELECT ${privileges.replaceAll('%s', 'current_user')}`);
      return { role, exists: true, risks: await eventLogRisks((sql) => asApp(sql)), canAppend: canAppend === true };
    } finally {
      await pool.end();
    }
  }
  const [{ exists }] = await query('SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS exists', [role]);
  if (!exists) return { role, exists: false, risks: [], canAppend: false };
  const [{ canAppend }] = await query(`SELECT ${privileges.replaceAll('%s', '$1::name')}`, [role]);
  return { role, exists: true, risks: await eventLogRisks((sql) => query(sql), role), canAppend: canAppend === true };
}

/** The whole chain, then each key's signed checkpoints against it (README "Audit": the same as `verify`). */
async function checkChain(pool: Pool, options: CheckOptions): Promise<CheckResult> {
  const chain = await verifyChain(pool);
  const stored = await readCheckpoints(pool);
  const keys = [];
  for (const key of options.publicKeys) {
    const result = await verifyCheckpoints(pool, key, chain, { requireOne: true });
    keys.push({ keyId: result.keyId, ok: result.ok, checked: result.checked, latest: result.latest, failure: result.failure?.message });
  }
  return chainCheck({ ok: chain.ok, checked: chain.checked, head: chain.head, failure: chain.failure?.message, storedCheckpoints: stored.length, keys });
}

/** Every read model of the service (read-models.ts) against the head of the log. */
async function checkProjections(query: Query, maxLag: number): Promise<CheckResult> {
  const [head] = await query('SELECT position::text AS position, recorded_at AS "recordedAt" FROM events ORDER BY position DESC LIMIT 1');
  const rows = await query('SELECT name, position::text AS position, updated_at AS "updatedAt" FROM projection_checkpoints');
  const byName = new Map(rows.map((row) => [String(row.name), row]));
  const projections = readModelProjections().map(({ name }) => {
    const row = byName.get(name);
    return row ? { name, position: BigInt(String(row.position)), updatedAt: row.updatedAt as Date } : { name };
  });
  return projectionsCheck(
    head ? { position: BigInt(String(head.position)), recordedAt: head.recordedAt as Date } : { position: 0n },
    projections,
    new Date(),
    { maxLag, stallMs: DEFAULT_STALL_MS },
  );
}

/** The embedded PostgreSQL's data directory (main.ts: `${DATA_DIR}/pg`) and its disk, when there is one here. */
function diskSpace(dataDir: string): [string | undefined, { freeBytes: number; totalBytes: number }?] {
  const path = join(dataDir, 'pg');
  if (!existsSync(path)) return [undefined];
  const stats = statfsSync(path);
  return [path, { freeBytes: stats.bavail * stats.bsize, totalBytes: stats.blocks * stats.bsize }];
}
