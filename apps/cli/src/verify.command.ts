import { Pool } from 'pg';
import { ChainDigest, parseChainDigest, verifyChain } from '@grants/event-store';
import { fiscalYearHeads } from '../../api/src/audit/fiscal-year-heads';
import { CliUsageError, EXIT_TAMPERED } from './cli-errors';
import { str } from './cli-options';
import { databaseUrl, options } from './log-reader';
import { Progress } from './progress';

export { EXIT_TAMPERED };

export interface VerifyIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** A progress bar for long runs (a terminal only), given the number of events to check. */
  readonly progress?: (total: number) => Progress;
}

/** Bad usage of `verify` (the CLI's usage error, by the name its first callers know). */
export { CliUsageError as VerifyUsageError } from './cli-errors';

/**
 * `verify`: walks the event log's hash chain straight from PostgreSQL (the service may be stopped, e.g. on a restored
 * dump) and prints the head digest to keep outside the database. With `--digest position:hash` it also proves that
 * nothing up to that saved digest was altered, removed or reordered.
 * Exit codes: 0 verified, 3 the chain does not verify, 1 the database could not be read.
 */
export async function verifyCommand(args: readonly string[], env: NodeJS.ProcessEnv, io: VerifyIo): Promise<number> {
  const o = options(args, { digest: { type: 'string' } });
  const url = databaseUrl(str(o['database-url']), env);
  const digest = str(o.digest) === undefined ? undefined : parseDigest(str(o.digest)!);
  const pool = new Pool({ connectionString: url, max: 2 });
  try {
    const { rows } = await pool.query<{ head: string }>('SELECT coalesce(max(position), 0)::text AS head FROM events');
    const progress = io.progress?.(Number(rows[0].head));
    const result = await verifyChain(pool, { expectedDigest: digest, onProgress: (checked) => progress?.update(checked) });
    progress?.finish();
    if (result.ok) {
      io.out(`検証成功 / verified: ${result.checked} events`);
      io.out(`digest ${result.head.position}:${result.head.hash}`);
      for (const year of await fiscalYearHeads(pool)) io.out(`${year.fiscalYear}: ${year.events} events, digest ${year.position}:${year.hash}`);
      return 0;
    }
    io.out(`検証失敗 / verification FAILED after ${result.checked} good events: ${result.failure?.message}`);
    io.out(`last good digest ${result.head.position}:${result.head.hash}`);
    return EXIT_TAMPERED;
  } finally {
    await pool.end();
  }
}

function parseDigest(text: string): ChainDigest {
  const digest = parseChainDigest(text);
  if (!digest) throw new CliUsageError('--digest must look like <position>:<64 hex digits>, as printed by an earlier verify');
  return digest;
}
