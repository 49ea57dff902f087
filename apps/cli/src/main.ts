/**
 * Command line for local development: `npm run cli -- token --role national-admin --org MHLW`.
 * Reads the same JWT_SECRET, JWT_ISSUER, JWT_AUDIENCE and JWT_MAX_TTL_SECONDS as the API (environment, validated by
 * loadConfig), so the tokens it prints are accepted by an API started with the same environment.
 * Exit codes: 0 done, 1 failed, 2 bad usage or configuration.
 */
import { isRole, organisationProblem, ROLES } from '../../api/src/auth/actor';
import { DEFAULT_TOKEN_TTL_SECONDS, issueToken } from '../../api/src/auth/tokens';
import { loadConfig } from '../../api/src/config/app-config';
import { asOfCommand, diffCommand, exportCommand, timelineCommand } from './audit.commands';
import { CALCULATE_HELP, CALCULATE_USAGE, calculateCommand } from './calculate.command';
import { CliUsageError, EXIT_OK, reportFailure } from './cli-errors';
import { doctorCommand } from './doctor/doctor.command';
import { importCommand } from './import.command';
import { parseOptions, str } from './cli-options';
import { progressBar } from './progress';
import { replayCommand } from './replay.command';
import { SCORE_HELP, SCORE_USAGE, scoreCommand } from './score.command';
import { verifyCommand } from './verify.command';

export { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './cli-errors';

const USAGE = `使い方 / usage:
  npm run cli -- token --role <role> --org <organisation> [--sub <user id>] [--ttl <seconds>]
  npm run cli -- verify [--database-url <url>] [--digest <position>:<hash>] [--public-key <pem file>]…
  npm run cli -- doctor [--database-url <url>] [--app-role-url <url>] [--public-key <pem file>]… [--max-lag <events>] [--json]
  npm run cli -- replay --fiscal-year <FY2024> [--read-store <empty database url>] [--database-url <url>]
  npm run cli -- timeline --fiscal-year <FY2024> --code <code> [--fields score,amount,…] [--as-of <point>] [--json]
  npm run cli -- as-of --fiscal-year <FY2024> --at <point> [--code <code>]
  npm run cli -- diff --fiscal-year <FY2024> [--from final] [--to in-force] [--all] [--csv]
  npm run cli -- export --out <file|-> [--fiscal-year <FY2024>]
  npm run cli -- import --in <file> [--database-url <url>] [--batch-size <n>]
${SCORE_USAGE}
${CALCULATE_USAGE}
  npm run cli -- --help

commands:
  token   開発用の署名付きトークン (HS256 JWT) を標準出力に出します。
          Prints a signed development token (HS256 JWT) for Authorization: Bearer <token>.
          --role  ${ROLES.join(' | ')}
          --org   MHLW (national-admin, national-reviewer, auditor)
                  01–47 (prefecture: 都道府県コード)
                  6-digit 地方公共団体コード with a valid check digit (insurer, e.g. 242055 桑名市)
          --sub   user id (default: <role>-<org>)
          --ttl   lifetime in seconds (default ${DEFAULT_TOKEN_TTL_SECONDS}; at most JWT_MAX_TTL_SECONDS, 43200 unless set)

  verify  イベントのハッシュチェーンを検証し、保管用のダイジェストを表示します（サービス停止中でも可）。
          Verifies the event log's hash chain straight from PostgreSQL and prints the digest to keep.
          With EVENT_STORE=eventstoredb and EVENTSTORE_CONNECTION_STRING: EventStoreDB's $all against the seals
          the service's sealer wrote (no checkpoints there: --public-key is refused).
          --database-url  defaults to DATABASE_URL
          --digest        a digest printed earlier: fails unless the log still passes through it unchanged
          --public-key    the service's checkpoint key (Ed25519 public key, PEM): checks every checkpoint it signed
                          (signature, and the chain's hash at its position), so a re-hashed history fails;
                          repeat it after a key rotation (old and new public key)
          exit codes: 0 verified, 3 does not verify, 1 could not read, 2 bad usage
  doctor  運用前チェック（締切の前に）: DB 接続とマイグレーション、アプリ用ロールの権限、ハッシュチェーンと署名済み
          チェックポイント、読みモデルの遅れ、DB との時計のずれ、組み込み DB のディスク残量。1 行ずつ ✓ / ✗。
          The operator's checks, one line each: database reachable and migrated, the app role cannot alter the log,
          chain (and with --public-key its signed checkpoints) verified, read models caught up (at most --max-lag
          events behind, default 1000, and not stalled), clock skew against the database at most 2 s, free space of
          DATA_DIR/pg at least 1 GiB and 5%.
          --database-url  defaults to MIGRATION_DATABASE_URL, else DATABASE_URL (the owner may read schema_migrations)
          --app-role-url  the service's own URL (logged in with); else the role is APP_DATABASE_ROLE or DATABASE_URL's user
          exit codes: 0 all passed (warnings allowed), 1 a check failed, 2 bad usage
  replay  年度をイベントのみから再構築し、記録されたすべての決定（評価・試算・確定・訂正・再算定と差額）を再計算して照合します。
          Rebuilds a fiscal year from its events alone and recomputes every recorded decision.
          --read-store  an empty database: the read models are rebuilt there from zero and compared row by row
          exit codes: 0 all reproduced, 4 some not (each printed), 5 no events, 1 could not read, 2 bad usage
  timeline  団体（保険者 6桁 / 都道府県 2桁）の変更履歴: 誰が・どの役割で・いつ・なぜ・どのコマンドで、変更前 → 変更後。
          Every change of one recipient: who, role, when, why, command id, before → after.
          --fields  status, register, answer, requested, score, rank, correction, amount (comma-separated)
  as-of   ある時点（位置または ISO 日時）の状態: --code の団体、または全団体の交付額。
          The year as it stood at a point: one recipient, or every amount in force then.
  diff    二つの算定の比較（団体別・交付金区分別、円単位）。
          Two calculations side by side: trial:<n>, final, recalculation:<n>, latest, in-force, @<position>, @<ISO time>.
  export  イベントと署名済みチェックポイントを保存されたままの形（ハッシュ付き NDJSON）で書き出します。
          Writes the events exactly as stored, with their chain hashes, as NDJSON (the whole log unless --fiscal-year),
          streamed page by page; then the signed checkpoints of the chain head; ending with a trailer line (event and
          checkpoint counts, head digest).
  import  エクスポートを空のデータベースへ復元します（中断後の再実行は続きから）。
          Restores an export into a database whose log is empty (or holds the start of this export, after an
          interrupted import): nothing is stored unless every line chains and the trailer is there; then the events
          are written as exported, in batches of --batch-size (default 1000), verified, and the digest printed;
          then the signed checkpoints, each checked against the chain it signs (verify --public-key checks them).
          The read models are rebuilt when the service starts on it.
          exit codes: 0 restored, 3 refused (the first bad line named; nothing stored), 1 could not write, 2 bad usage
${SCORE_HELP}
${CALCULATE_HELP}
  <point> a global event position (integer) or an ISO 8601 time with a UTC offset (Z or +09:00); --database-url defaults to DATABASE_URL.
  Long runs show a progress bar on a terminal (stderr). Exit codes: 0 done, 1 failed, 2 bad usage, 3 tampered,
  4 not reproduced, 5 not found.

environment: JWT_SECRET, JWT_ISSUER, JWT_AUDIENCE, JWT_MAX_TTL_SECONDS (as for the API; development defaults apply)

examples:
  npm run cli -- token --role national-admin --org MHLW
  npm run cli -- token --role prefecture --org 24 --sub mie-tanaka
  npm run cli -- token --role insurer --org 242055 --ttl 3600
  npm run cli -- score --framework municipal-FY2024 --register examples/score/register.csv --answers examples/score/answers.csv --figures examples/score/figures.csv
  npm run cli -- calculate --input examples/calculate/input.json --format csv`;

function tokenCommand(args: readonly string[], env: NodeJS.ProcessEnv, out: (line: string) => void): void {
  const options = parseOptions(args, { role: { type: 'string' }, org: { type: 'string' }, sub: { type: 'string' }, ttl: { type: 'string' } });
  const role = str(options.role);
  const org = str(options.org);
  if (role === undefined) throw new CliUsageError('--role is required');
  if (!isRole(role)) throw new CliUsageError(`--role must be one of ${ROLES.join(', ')}, not "${role}"`);
  if (org === undefined) throw new CliUsageError('--org is required');
  const orgProblem = organisationProblem(role, org);
  if (orgProblem) throw new CliUsageError(`--org: ${orgProblem}`);
  const ttlText = str(options.ttl) ?? String(DEFAULT_TOKEN_TTL_SECONDS);
  if (!/^\d+$/.test(ttlText)) throw new CliUsageError(`--ttl must be a whole number of seconds, not "${ttlText}"`);
  // A development tool: with NODE_ENV unset it signs with the development settings, as `npm start` runs the API.
  const config = loadConfig({ ...env, NODE_ENV: env.NODE_ENV || 'development' });
  try {
    out(issueToken(config, { sub: str(options.sub) ?? `${role}-${org}`, role, org }, Number(ttlText)));
  } catch (error) {
    // issueToken only refuses its inputs (sub, ttl): a usage problem.
    throw new CliUsageError((error as Error).message.replace(/^ttl/, '--ttl').replace(/^sub/, '--sub'));
  }
}

/** Runs the CLI on `argv` (without node and the script) and returns the exit code. */
export function run(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  out: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  err: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): number {
  const [command, ...rest] = argv;
  try {
    if (command === '--help' || command === '-h' || command === 'help' || (command === 'token' && rest.some((a) => a === '--help' || a === '-h'))) {
      out(USAGE);
      return EXIT_OK;
    }
    if (command === undefined) throw new CliUsageError('a command is required');
    if (command !== 'token') throw new CliUsageError(`unknown command "${command}"`);
    tokenCommand(rest, env, out);
    return EXIT_OK;
  } catch (error) {
    return reportFailure(error, err, USAGE);
  }
}

const ASYNC_COMMANDS = ['verify', 'doctor', 'replay', 'timeline', 'as-of', 'diff', 'export', 'import', 'score', 'calculate'];

/** Commands that read the database (or files, `score` and `calculate`) run asynchronously; `token` and help go through `run`. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (!ASYNC_COMMANDS.includes(argv[0])) return run(argv, env);
  if (argv.includes('--help') || argv.includes('-h')) return run(['--help'], env);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const err = (line: string) => process.stderr.write(`${line}\n`);
  const bar = (label: string) => (total: number) => progressBar(label, total);
  const io = { out, progress: bar };
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'replay':
        return await replayCommand(args, env, { out, progress: bar('再計算中 / replaying'), rebuildProgress: bar('再構築中 / rebuilding read models') });
      case 'timeline':
        return await timelineCommand(args, env, io);
      case 'as-of':
        return await asOfCommand(args, env, io);
      case 'diff':
        return await diffCommand(args, env, io);
      case 'export':
        return await exportCommand(args, env, io);
      case 'import':
        return await importCommand(args, env, io);
      case 'score':
        return await scoreCommand(args, { out });
      case 'calculate':
        return calculateCommand(args, { out });
      case 'doctor':
        return await doctorCommand(args, env, { out, tty: process.stdout.isTTY === true });
      default:
        return await verifyCommand(args, env, { out, err, progress: bar('検証中 / verifying') });
    }
  } catch (error) {
    return reportFailure(error, err, USAGE);
  }
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
