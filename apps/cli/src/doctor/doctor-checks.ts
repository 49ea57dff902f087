/**
 * The operator's checks of `doctor`, as pure functions of facts read elsewhere (doctor.command.ts reads them from
 * PostgreSQL, the clock and the file system): each returns one line's worth, ok / warn / fail / skip.
 * Only `fail` makes doctor exit non-zero; a warning is something to look at that does not block a deadline.
 */

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  /** Stable, for --json and scripts: database, migrations, app-role, chain, projections, clock, disk. */
  readonly check: string;
  readonly status: CheckStatus;
  readonly message: string;
}

export const GIB = 1024 ** 3;
/** Free space below this, or below MIN_FREE_FRACTION of the disk, fails the disk check. */
export const MIN_FREE_BYTES = GIB;
export const MIN_FREE_FRACTION = 0.05;
/** Clock skew against the database above this fails (tokens' exp/nbf and recorded times depend on both clocks). */
export const MAX_CLOCK_SKEW_MS = 2_000;
/** A projection more events behind the head than this fails. */
export const DEFAULT_MAX_PROJECTION_LAG = 1_000;
/** A projection behind the head that has not moved for this long, while the head is older than this, is stalled. */
export const DEFAULT_STALL_MS = 60_000;

/** All migrations in code applied, none unknown (a database migrated by a newer build is a warning). */
export function migrationsCheck(inCode: readonly string[], applied: readonly string[]): CheckResult {
  const done = new Set(applied);
  const known = new Set(inCode);
  const missing = inCode.filter((name) => !done.has(name));
  const unknown = applied.filter((name) => !known.has(name));
  if (missing.length > 0) {
    return {
      check: 'migrations',
      status: 'fail',
      message: `未適用のマイグレーション ${missing.length} 件 / ${missing.length} of ${inCode.length} migrations not applied: ${missing.join(', ')} (start the service, or run it once with MIGRATION_DATABASE_URL)`,
    };
  }
  if (unknown.length > 0) {
    return {
      check: 'migrations',
      status: 'warn',
      message: `all ${inCode.length} migrations applied; ${unknown.length} applied that this build does not know: ${unknown.join(', ')} (a newer build migrated this database)`,
    };
  }
  return { check: 'migrations', status: 'ok', message: `マイグレーション適用済み / all ${inCode.length} migrations applied` };
}

/** The facts of one role against `events` (see eventLogRisks in libs/database/src/app-role.ts). */
export interface AppRoleFacts {
  readonly role: string;
  readonly exists: boolean;
  /** What it could do to the log beyond appending: superuser, owner, UPDATE/DELETE/TRUNCATE. */
  readonly risks: readonly string[];
  /** It may insert into and read the log (what the service needs). */
  readonly canAppend: boolean;
}

/** The app role must append and read, and nothing more on `events`: neither own it nor be a superuser. */
export function appRoleCheck(facts: AppRoleFacts): CheckResult {
  if (!facts.exists) {
    return { check: 'app-role', status: 'fail', message: `app role "${facts.role}" does not exist (README "Database roles")` };
  }
  if (facts.risks.length > 0) {
    return {
      check: 'app-role',
      status: 'fail',
      message: `サービスのロール "${facts.role}" はイベントログを書き換えられます / app role "${facts.role}" ${facts.risks.join(', ')}: it could rewrite the event log. Run migrations as the owner (MIGRATION_DATABASE_URL) and the service as an app role (README "Database roles")`,
    };
  }
  if (!facts.canAppend) {
    return { check: 'app-role', status: 'fail', message: `app role "${facts.role}" may not read and insert into events: the service could not write (grantAppRole runs at each start as the owner)` };
  }
  return { check: 'app-role', status: 'ok', message: `app role "${facts.role}" appends only: no ALTER, UPDATE, DELETE or TRUNCATE on events` };
}

/** The outcome of verifying the chain and, per public key given, the checkpoints it signed. */
export interface ChainFacts {
  readonly ok: boolean;
  readonly checked: number;
  readonly head: { readonly position: bigint; readonly hash: string };
  readonly failure?: string;
  /** Checkpoints stored (of any key). */
  readonly storedCheckpoints: number;
  /** One per --public-key: undefined when none was given. */
  readonly keys?: readonly {
    readonly keyId: string;
    readonly ok: boolean;
    readonly checked: number;
    readonly latest?: { readonly id: string; readonly position: bigint };
    readonly failure?: string;
  }[];
}

/** The chain must verify; with keys, every checkpoint they signed too; without, a warning says they were not checked. */
export function chainCheck(facts: ChainFacts): CheckResult {
  if (!facts.ok) {
    return { check: 'chain', status: 'fail', message: `ハッシュチェーン検証失敗 / chain verification FAILED after ${facts.checked} good events: ${facts.failure ?? 'unknown problem'}` };
  }
  const chain = `chain verified: ${facts.checked} events, digest ${facts.head.position}:${facts.head.hash}`;
  if (!facts.keys || facts.keys.length === 0) {
    return {
      check: 'chain',
      status: 'warn',
      message: `${chain}; ${facts.storedCheckpoints} signed checkpoints stored, signatures not checked: give --public-key <pem file>`,
    };
  }
  const failed = facts.keys.find((key) => !key.ok);
  if (failed) return { check: 'chain', status: 'fail', message: `${chain}; checkpoints of key ${failed.keyId.slice(0, 16)}… FAILED: ${failed.failure ?? 'unknown problem'}` };
  const keys = facts.keys.map((key) => `${key.checked} by ${key.keyId.slice(0, 16)}…${key.latest ? ` (latest #${key.latest.id} at ${key.latest.position})` : ''}`);
  return { check: 'chain', status: 'ok', message: `${chain}; signed checkpoints verified: ${keys.join(', ')}` };
}

export interface ProjectionFacts {
  readonly name: string;
  /** Undefined when the read model has no checkpoint row (its projection never ran on this database). */
  readonly position?: bigint;
  readonly updatedAt?: Date;
}

export interface ProjectionLimits {
  readonly maxLag: number;
  readonly stallMs: number;
}

/**
 * Every read model against the head: more than `maxLag` events behind fails; behind at all, with the checkpoint not
 * moved for `stallMs` although the head event is older than that, is stalled and fails. A read model a few events
 * behind a fresh head is catching up (ok, with how far).
 */
export function projectionsCheck(
  head: { readonly position: bigint; readonly recordedAt?: Date },
  projections: readonly ProjectionFacts[],
  now: Date,
  limits: ProjectionLimits = { maxLag: DEFAULT_MAX_PROJECTION_LAG, stallMs: DEFAULT_STALL_MS },
): CheckResult {
  const problems: string[] = [];
  const behind: string[] = [];
  for (const projection of projections) {
    const position = projection.position ?? 0n;
    const lag = head.position - position;
    if (lag <= 0n) continue;
    const headSettled = head.recordedAt === undefined || now.getTime() - head.recordedAt.getTime() > limits.stallMs;
    const idle = projection.updatedAt === undefined || now.getTime() - projection.updatedAt.getTime() > limits.stallMs;
    if (lag > BigInt(limits.maxLag)) problems.push(`${projection.name} ${lag} behind (at ${position} of ${head.position})`);
    else if (headSettled && idle) problems.push(`${projection.name} stalled ${lag} behind (at ${position}, not moved since ${projection.updatedAt?.toISOString() ?? 'never'})`);
    else behind.push(`${projection.name} ${lag} behind`);
  }
  if (problems.length > 0) {
    return { check: 'projections', status: 'fail', message: `読みモデルが遅れています / read models behind the head ${head.position}: ${problems.join('; ')} (is the service running? its log names a stalled projection)` };
  }
  const suffix = behind.length > 0 ? `; catching up: ${behind.join(', ')}` : '';
  return { check: 'projections', status: 'ok', message: `${projections.length} read models caught up with the head ${head.position}${suffix}` };
}

/**
 * The database's clock against ours: its now() read between two local readings, compared with their midpoint (the
 * round trip is the error bar). More than `maxMs` apart fails.
 */
export function clockSkewCheck(databaseNow: Date, localBefore: Date, localAfter: Date, maxMs = MAX_CLOCK_SKEW_MS): CheckResult {
  const midpoint = (localBefore.getTime() + localAfter.getTime()) / 2;
  const skew = databaseNow.getTime() - midpoint;
  const roundTrip = localAfter.getTime() - localBefore.getTime();
  const text = `${skew >= 0 ? '+' : '−'}${Math.abs(Math.round(skew))} ms (database − local, ±${Math.ceil(roundTrip / 2)} ms)`;
  if (Math.abs(skew) > maxMs) {
    return { check: 'clock', status: 'fail', message: `時計のずれ / clock skew ${text} exceeds ${maxMs} ms: fix NTP on this host or the database's` };
  }
  return { check: 'clock', status: 'ok', message: `clock skew ${text}` };
}

/** Free space of the embedded data directory; undefined `space` when there is none (an external database). */
export function diskSpaceCheck(path: string | undefined, space?: { readonly freeBytes: number; readonly totalBytes: number }): CheckResult {
  if (path === undefined || space === undefined) {
    return { check: 'disk', status: 'skip', message: 'no embedded data directory (DATA_DIR/pg): an external database watches its own disk' };
  }
  const fraction = space.totalBytes > 0 ? space.freeBytes / space.totalBytes : 0;
  const text = `${(space.freeBytes / GIB).toFixed(1)} GiB free of ${(space.totalBytes / GIB).toFixed(1)} GiB (${(fraction * 100).toFixed(1)}%) at ${path}`;
  if (space.freeBytes < MIN_FREE_BYTES || fraction < MIN_FREE_FRACTION) {
    return { check: 'disk', status: 'fail', message: `ディスク残量不足 / low disk space: ${text}; needs at least 1 GiB and 5%` };
  }
  return { check: 'disk', status: 'ok', message: text };
}

const SYMBOLS: Readonly<Record<CheckStatus, readonly [tty: string, plain: string]>> = {
  ok: ['✓', 'OK  '],
  warn: ['!', 'WARN'],
  fail: ['✗', 'FAIL'],
  skip: ['-', 'SKIP'],
};

/** One line: `✓ message` on a terminal, `OK   message` (plain ASCII status) elsewhere. */
export function formatCheck(result: CheckResult, tty: boolean): string {
  const [symbol, plain] = SYMBOLS[result.status];
  return `${tty ? symbol : plain} ${result.check}: ${result.message}`;
}

export const doctorFailed = (results: readonly CheckResult[]): boolean => results.some((r) => r.status === 'fail');
