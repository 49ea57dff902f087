import { Pool } from 'pg';
import { ChainDigest, parseChainDigest, verifyChain } from '@grants/event-store';
import { fiscalYearHeads } from '../../api/src/audit/fiscal-year-heads';

export const EXIT_TAMPERED = 3;

export interface VerifyIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Progress on long runs (stderr, overwritten in place on a terminal). */
  readonly progress?: (checked: number, position: bigint) => void;
}

export class VerifyUsageError extends Error {}

/**
 * `verify`: walks the event log's hash chain straight from PostgreSQL (the service may be stopped, e.g. on a restored
 * dump) and prints the head digest to keep outside the database. With `--digest position:hash` it also proves that
 * nothing up to that saved digest was altered, removed or reordered.
 * Exit codes: 0 verified, 3 the chain does not verify, 1 the database could not be read.
 */
export async function verifyCommand(args: readonly string[], env: NodeJS.ProcessEnv, io: VerifyIo): Promise<number> {
  const options = new Map<string, string>();
  for (let i = 0; i < args.length; i += 2) {
    const [name, value] = [args[i], args[i + 1]];
    if (!['--database-url', '--digest'].includes(name) || value === undefined) throw new VerifyUsageError(`unexpected argument "${name}"`);
    options.set(name.slice(2), value);
  }
  const url = options.get('database-url') ?? env.DATABASE_URL;
  if (!url) throw new VerifyUsageError('--database-url (or DATABASE_URL) is required');
  const digest = options.has('digest') ? parseDigest(options.get('digest')!) : undefined;
  const pool = new Pool({ connectionString: url, max: 2 });
  try {
    const result = await verifyChain(pool, { expectedDigest: digest, onProgress: io.progress });
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
  if (!digest) throw new VerifyUsageError('--digest must look like <position>:<64 hex digits>, as printed by an earlier verify');
  return digest;
}
