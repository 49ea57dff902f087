import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, cp, lstat, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Client, escapeIdentifier, escapeLiteral } from 'pg';

export interface EmbeddedDatabaseOptions {
  /** Folder that holds the cluster's data; created on first start and kept between runs. */
  readonly dataDir: string;
  readonly port: number;
  readonly database: string;
  /**
   * A login role for the service (password: its name; the server listens on 127.0.0.1 only), created when missing,
   * so that development runs as production does: the superuser migrates, the app role serves (README "Database roles").
   */
  readonly appRole?: string;
  /** PostgreSQL's own output. */
  readonly onLog?: (message: string) => void;
  /** What this module decided for the user to know: a system user created, binaries copied, data kept elsewhere. */
  readonly onNotice?: (message: string) => void;
}

export interface RunningDatabase {
  /** The superuser's URL of the database: migrations, CREATE DATABASE. */
  readonly url: string;
  /** The app role's URL of the database, when `appRole` was given. */
  readonly appUrl?: string;
  /** Where the cluster's data is (the given dataDir, or the fallback when PostgreSQL's user cannot reach it). */
  readonly dataDir: string;
  /** Stops the embedded server (fast shutdown). */
  stop(): Promise<void>;
}

/** What went wrong starting the embedded PostgreSQL, with what to do in one line. */
export class EmbeddedPostgresError extends Error {
  readonly code = 'EMBEDDED_POSTGRES.START_FAILED';
}

const USER = 'postgres';
const PASSWORD = 'postgres';
/** PostgreSQL refuses to run as root: as root, initdb and postgres run as this system user. */
const SYSTEM_USER = 'postgres';
const WHAT_TO_DO = 'Set DATABASE_URL to a PostgreSQL server, or run as a normal user, or set DATA_DIR to a directory the "postgres" user can reach.';

interface Binaries {
  /** The package's `native` folder: bin/, lib/, share/ (the binaries find lib and share relative to bin). */
  readonly native: string;
  readonly version: string;
}

interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

/**
 * Starts a real PostgreSQL 15 (the binaries of the `embedded-postgres` package for this platform) in a data folder of
 * the project's own. Used only when no DATABASE_URL is given, so that a fresh machine needs no database set-up.
 *
 * As root, PostgreSQL runs as the system user `postgres` (created when missing), who must reach the binaries and the
 * data folder. A clone in a private directory (root's home is 0700) is out of its reach: the binaries are then copied
 * once to /var/tmp/embedded-postgres-<version>-<platform>, and the data kept in /var/tmp/incentive-grants-<hash of the
 * data folder's path>/pg, which the log says. Every failure is a rejected promise with what to do, never a crash.
 */
export async function startEmbeddedPostgres(options: EmbeddedDatabaseOptions): Promise<RunningDatabase> {
  const log = options.onLog ?? (() => undefined);
  const notice = options.onNotice ?? log;
  const binaries = await locateBinaries();
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  let native = binaries.native;
  let dataDir = resolve(options.dataDir);
  let runAs: RunAs | undefined;
  if (isRoot) {
    runAs = ensureSystemUser(notice);
    if (!reachableAs(runAs, join(native, 'bin', 'postgres'), '-x')) {
      native = await reachableBinaries(binaries, notice);
    }
    dataDir = await reachableDataDir(dataDir, runAs, notice);
  } else {
    await mkdir(dirname(dataDir), { recursive: true });
  }
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await initialise(native, dataDir, runAs, log);
  const server = await startServer(native, dataDir, options.port, runAs, log);
  try {
    const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`;
    await ensureDatabase(adminUrl, options.database);
    if (options.appRole) await ensureLoginRole(adminUrl, options.appRole);
  } catch (error) {
    await server.stop();
    throw error;
  }
  const at = (user: string, password: string) =>
    `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${options.database}`;
  return {
    url: at(USER, PASSWORD),
    appUrl: options.appRole ? at(options.appRole, options.appRole) : undefined,
    dataDir,
    stop: server.stop,
  };
}

async function locateBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let initdb: string;
  try {
    ({ initdb } = (await import(name)) as { initdb: string });
  } catch (error) {
    throw new EmbeddedPostgresError(`no PostgreSQL binaries for ${platform()}-${arch()}: ${name} could not be loaded (${(error as Error).message}). ${WHAT_TO_DO}`);
  }
  const native = resolve(dirname(initdb), '..');
  const { version } = JSON.parse(await readFile(join(native, '..', 'package.json'), 'utf8')) as { version: string };
  return { native, version };
}

function ensureSystemUser(log: (message: string) => void): RunAs {
  const idOf = () => {
    const uid = spawnSync('id', ['-u', SYSTEM_USER], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', SYSTEM_USER], { encoding: 'utf8' });
    return uid.status === 0 && gid.status === 0 ? { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) } : undefined;
  };
  const found = idOf();
  if (found) return found;
  log(`running as root: creating the system user "${SYSTEM_USER}" for PostgreSQL (it refuses to run as root)`);
  const created = spawnSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', SYSTEM_USER], { encoding: 'utf8' });
  const after = idOf();
  if (!after) {
    throw new EmbeddedPostgresError(`running as root, PostgreSQL needs a system user "${SYSTEM_USER}" and useradd failed (${(created.stderr || created.error?.message || '').trim()}). ${WHAT_TO_DO}`);
  }
  return after;
}

/** Whether `test <flag> <path>` holds for the given user (a private parent directory makes it false). */
function reachableAs(runAs: RunAs, path: string, ...flags: string[]): boolean {
  const tests = flags.map((flag) => `test ${flag} "$1"`).join(' && ');
  const result = spawnSync('/bin/sh', ['-c', tests, 'sh', path], { uid: runAs.uid, gid: runAs.gid, cwd: '/', stdio: 'ignore' });
  return result.status === 0;
}

/** A root-owned directory that is not a link, so that nobody else can have prepared it in a shared /var/tmp. */
async function isOwnDirectory(path: string): Promise<boolean> {
  const stat = await lstat(path).catch(() => undefined);
  return stat !== undefined && stat.isDirectory() && stat.uid === 0 && (stat.mode & 0o022) === 0;
}

/** A copy of the binaries under /var/tmp, made once per version (copied aside, then renamed into place). */
async function reachableBinaries(binaries: Binaries, log: (message: string) => void): Promise<string> {
  const target = `/var/tmp/embedded-postgres-${binaries.version}-${platform()}-${arch()}`;
  if (await isOwnDirectory(target)) return target;
  if (existsSync(target)) {
    throw new EmbeddedPostgresError(`${target} exists but is not a directory owned by root and writable by root only; remove it. ${WHAT_TO_DO}`);
  }
  log(`the "${SYSTEM_USER}" user cannot reach the PostgreSQL binaries in ${binaries.native} (a parent directory is private): copying them to ${target}`);
  const aside = `${target}.${process.pid}-${randomBytes(4).toString('hex')}`;
  await mkdir(aside, { mode: 0o755 });
  await chmod(aside, 0o755);
  await cp(binaries.native, aside, { recursive: true, verbatimSymlinks: true });
  await rename(aside, target).catch(async (error: NodeJS.ErrnoException) => {
    await rm(aside, { recursive: true, force: true });
    // Another process copied them first.
    if (!(await isOwnDirectory(target))) throw error;
  });
  return target;
}

/**
 * The data folder itself when the system user can reach its parent; otherwise one under /var/tmp that depends only on
 * the data folder's path, so each checkout keeps its own cluster there between runs.
 */
async function reachableDataDir(dataDir: string, runAs: RunAs, log: (message: string) => void): Promise<string> {
  await mkdir(dirname(dataDir), { recursive: true });
  let chosen = dataDir;
  if (!reachableAs(runAs, dirname(dataDir), '-x')) {
    const base = `/var/tmp/incentive-grants-${createHash('sha256').update(dataDir).digest('hex').slice(0, 12)}`;
    if (!existsSync(base)) await mkdir(base, { mode: 0o755 });
    if (!(await isOwnDirectory(base))) {
      throw new EmbeddedPostgresError(`${base} is not a directory owned by root and writable by root only; remove it. ${WHAT_TO_DO}`);
    }
    chosen = join(base, 'pg');
    log(
      `running as root: PostgreSQL runs as the "${SYSTEM_USER}" user, who cannot reach ${dataDir} (a parent directory is private), ` +
        `so its data is kept in ${chosen} instead. To choose the place, set DATA_DIR to a directory "${SYSTEM_USER}" can reach.`,
    );
  }
  await mkdir(chosen, { recursive: true, mode: 0o700 });
  await chown(chosen, runAs.uid, runAs.gid);
  await chmod(chosen, 0o700);
  return chosen;
}

/** A program's last output as one line, for an error message. */
function oneLine(output: string): string {
  return output.trim().replace(/\s+/g, ' ').slice(-1500);
}

/** Runs a binary to completion; rejects with its output (or the spawn error) instead of crashing the process. */
function run(command: string, args: string[], runAs: RunAs | undefined): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { ...runAs, cwd: '/', env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', (error) => reject(new EmbeddedPostgresError(`${command} could not run (${error.message}). ${WHAT_TO_DO}`)));
    child.on('close', (code) =>
      code === 0 ? resolvePromise() : reject(new EmbeddedPostgresError(`${command} failed (exit ${code}): ${oneLine(output)}. ${WHAT_TO_DO}`)),
    );
  });
}

async function initialise(native: string, dataDir: string, runAs: RunAs | undefined, log: (message: string) => void): Promise<void> {
  log(`initialising a PostgreSQL cluster in ${dataDir}`);
  const passwordFile = join(tmpdir(), `pg-password-${randomBytes(8).toString('hex')}`);
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  try {
    if (runAs) await chown(passwordFile, runAs.uid, runAs.gid);
    await run(
      join(native, 'bin', 'initdb'),
      [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C'],
      runAs,
    );
  } finally {
    await rm(passwordFile, { force: true });
  }
}

async function startServer(
  native: string,
  dataDir: string,
  port: number,
  runAs: RunAs | undefined,
  log: (message: string) => void,
): Promise<{ stop(): Promise<void> }> {
  const child: ChildProcess = spawn(
    join(native, 'bin', 'postgres'),
    ['-D', dataDir, '-p', String(port), '-c', 'max_connections=200', '-c', 'listen_addresses=127.0.0.1'],
    { ...runAs, cwd: '/', env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  // If this process ends without stop() (a crash, process.exit), PostgreSQL still gets its fast-shutdown signal.
  const killOnExit = () => child.kill('SIGINT');
  process.on('exit', killOnExit);
  const exited = new Promise<void>((resolveExit) => child.once('close', () => resolveExit()));
  await new Promise<void>((resolveReady, reject) => {
    let output = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      const message = chunk.toString('utf8');
      output += message;
      log(message);
      if (message.includes('database system is ready to accept connections')) resolveReady();
    });
    child.once('error', (error) => reject(new EmbeddedPostgresError(`PostgreSQL could not start (${error.message}). ${WHAT_TO_DO}`)));
    child.once('close', (code) =>
      reject(
        new EmbeddedPostgresError(
          `PostgreSQL stopped while starting (exit ${code}): ${oneLine(output)}. If port ${port} is taken, choose another (EMBEDDED_PG_PORT). ${WHAT_TO_DO}`,
        ),
      ),
    );
  }).catch((error: unknown) => {
    process.removeListener('exit', killOnExit);
    throw error;
  });
  return {
    stop: async () => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      await exited;
    },
  };
}

/** Creates the database when it does not exist yet. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/** Creates a login role (password: its name) when it does not exist yet; local development only. */
async function ensureLoginRole(adminUrl: string, role: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (!rowCount) {
      await client.query(`CREATE ROLE ${escapeIdentifier(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${escapeLiteral(role)}`);
    }
  } finally {
    await client.end();
  }
}

/** Runs one statement on a server-level connection (CREATE/DROP DATABASE cannot run inside a pool's transaction). */
export async function runAdminSql(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A quoted SQL identifier: pg's own `escapeIdentifier`, under the name the benchmarks import. */
export const quoteIdentifier = escapeIdentifier;
