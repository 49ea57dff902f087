import { readFileSync } from 'node:fs';
import { KeyObject } from 'node:crypto';
import { Pool } from 'pg';
import { ChainDigest, ChainVerification, parseChainDigest, parseEd25519PublicKey, readCheckpoints, verifyChain, verifyCheckpoints } from '@grants/event-store';
import { fiscalYearHeads } from '../../api/src/audit/fiscal-year-heads';
import { CliUsageError, EXIT_TAMPERED } from './cli-errors';
import { str, strs } from './cli-options';
import { databaseUrl, options } from './log-reader';
import { Progress } from './progress';
import { EventStoreDbVerifyIo, verifyEventStoreDb } from './verify-eventstoredb';

export { EXIT_TAMPERED };

export interface VerifyIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** A progress bar for long runs (a terminal only), given the number of events to check. */
  readonly progress?: (total: number) => Progress;
  /** EVENT_STORE=eventstoredb: opens the store (tests hand in the adapter over the fake client). */
  readonly openEventStoreDb?: EventStoreDbVerifyIo['openEventStoreDb'];
}

/** Bad usage of `verify` (the CLI's usage error, by the name its first callers know). */
export { CliUsageError as VerifyUsageError } from './cli-errors';

/**
 * `verify`: walks the event log's hash chain straight from PostgreSQL (the service may be stopped, e.g. on a restored
 * dump) and prints the head digest to keep outside the database. With `--digest position:hash` it also proves that
 * nothing up to that saved digest was altered, removed or reordered. With `--public-key <pem file>` (the service's
 * checkpoint key, obtained outside the database) it also checks every checkpoint that key signed: the signature, and
 * that the chain at its position has exactly the signed hash, so a history re-hashed after it is caught. The option
 * may be repeated: after a key rotation, the old and the new public key each verify the checkpoints they signed.
 * Exit codes: 0 verified, 3 the chain or a checkpoint does not verify (or the key signed nothing), 1 the database
 * could not be read. With EVENT_STORE=eventstoredb it checks EventStoreDB's $all against the chain's seals instead
 * (verify-eventstoredb.ts).
 */
export async function verifyCommand(args: readonly string[], env: NodeJS.ProcessEnv, io: VerifyIo): Promise<number> {
  const o = options(args, { digest: { type: 'string' }, 'public-key': { type: 'string', multiple: true } });
  const digest = str(o.digest) === undefined ? undefined : parseDigest(str(o.digest)!);
  const publicKeys = strs(o['public-key']).map(readPublicKey);
  if (env.EVENT_STORE === 'eventstoredb') return verifyEventStoreDb(env, digest, publicKeys.length, io);
  const url = databaseUrl(str(o['database-url']), env);
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
    } else {
      io.out(`検証失敗 / verification FAILED after ${result.checked} good events: ${result.failure?.message}`);
      io.out(`last good digest ${result.head.position}:${result.head.hash}`);
    }
    const checkpointsOk = await reportCheckpoints(pool, publicKeys, result, io);
    return result.ok && checkpointsOk ? 0 : EXIT_TAMPERED;
  } finally {
    await pool.end();
  }
}

/**
 * Checks the checkpoints signed by each key given (several after a key rotation: the old public key still verifies
 * the old checkpoints) and prints the outcome per key; false when one fails or a key signed nothing.
 */
async function reportCheckpoints(pool: Pool, publicKeys: readonly KeyObject[], chain: ChainVerification, io: VerifyIo): Promise<boolean> {
  if (publicKeys.length === 0) {
    const stored = await readCheckpoints(pool);
    io.out(`署名済みチェックポイント ${stored.length} 件（未検証）/ ${stored.length} signed checkpoints stored, not checked: give --public-key <pem file>`);
    return true;
  }
  let ok = true;
  const given = new Set<string>();
  const others = new Set<string>();
  for (const publicKey of publicKeys) {
    const result = await verifyCheckpoints(pool, publicKey, chain, { requireOne: true });
    given.add(result.keyId);
    for (const other of result.otherKeys) others.add(other);
    if (result.ok) {
      const latest = result.latest ? `, latest #${result.latest.id} at ${result.latest.position} (${result.latest.signedAt.toISOString()})` : '';
      io.out(`チェックポイント検証成功 / checkpoints verified: ${result.checked} signed by ${result.keyId}${latest}`);
    } else {
      io.out(`チェックポイント検証失敗 / checkpoint verification FAILED (${result.failed} of them): ${result.failure?.message}`);
    }
    ok &&= result.ok;
  }
  const unchecked = [...others].filter((keyId) => !given.has(keyId));
  if (unchecked.length > 0) io.out(`other keys' checkpoints, not checked: ${unchecked.join(', ')}`);
  return ok;
}

export function readPublicKey(path: string): KeyObject {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliUsageError(`--public-key ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return parseEd25519PublicKey(pem);
  } catch (error) {
    throw new CliUsageError(`--public-key ${path}: ${(error as Error).message}`);
  }
}

function parseDigest(text: string): ChainDigest {
  const digest = parseChainDigest(text);
  if (!digest) throw new CliUsageError('--digest must look like <position>:<64 hex digits>, as printed by an earlier verify');
  return digest;
}
