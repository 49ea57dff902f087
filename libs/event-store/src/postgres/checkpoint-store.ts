import { KeyObject } from 'node:crypto';
import { Pool, PoolClient } from 'pg';
import { keyIdOf, SignedCheckpoint, verifyCheckpointSignature } from '../checkpoints';
import { ChainVerification } from './verify-chain';

/** A checkpoint as stored in `audit_checkpoints`. */
export interface StoredCheckpoint extends SignedCheckpoint {
  readonly id: string;
  /** Why it was signed: `FiscalYearPhaseAdvanced fiscal_year-FY2024`, `GrantsFinalized …`, `on demand`. */
  readonly reason: string;
  /** PEM of the public key it was signed with (a convenience: an auditor verifies with a key obtained elsewhere). */
  readonly publicKey: string;
  /** Who asked for it, for checkpoints signed on demand. */
  readonly requestedBy: string | null;
}

export type NewCheckpoint = Omit<StoredCheckpoint, 'id'>;

/** The INSERT of one checkpoint, for whatever runs the query (a pg pool or a TypeORM transaction). */
export function insertCheckpointQuery(checkpoint: NewCheckpoint): { text: string; values: unknown[] } {
  return {
    text: `INSERT INTO audit_checkpoints (position, head_hash, signed_at, key_id, public_key, signature, reason, requested_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id::text AS id`,
    values: [
      checkpoint.position.toString(),
      checkpoint.hash,
      checkpoint.signedAt.toISOString(),
      checkpoint.keyId,
      checkpoint.publicKey,
      checkpoint.signature,
      checkpoint.reason,
      checkpoint.requestedBy,
    ],
  };
}

interface CheckpointRow {
  id: string;
  position: string;
  head_hash: string;
  signed_at: string;
  key_id: string;
  public_key: string;
  signature: string;
  reason: string;
  requested_by: string | null;
}

/** Every stored checkpoint, in position order (then in the order they were signed). */
export async function readCheckpoints(pool: Pool | PoolClient): Promise<StoredCheckpoint[]> {
  // A database from before signed checkpoints (e.g. a restored older dump) has none.
  const { rows: table } = await pool.query<{ exists: boolean }>(`SELECT to_regclass('audit_checkpoints') IS NOT NULL AS exists`);
  if (!table[0].exists) return [];
  const { rows } = await pool.query<CheckpointRow>(
    `SELECT id::text, position::text, head_hash, to_json(signed_at) #>> '{}' AS signed_at, key_id, public_key, signature, reason, requested_by
     -- The table's columns, not the text aliases of the list (which would order 10 before 9).
     FROM audit_checkpoints ORDER BY audit_checkpoints.position, audit_checkpoints.id`,
  );
  return rows.map((row) => ({
    id: row.id,
    position: BigInt(row.position),
    hash: row.head_hash,
    signedAt: new Date(row.signed_at),
    keyId: row.key_id,
    publicKey: row.public_key,
    signature: row.signature,
    reason: row.reason,
    requestedBy: row.requested_by,
  }));
}

export type CheckpointProblem = 'bad_signature' | 'hash_mismatch' | 'beyond_chain' | 'none_signed';

export interface CheckpointFailure {
  readonly problem: CheckpointProblem;
  readonly checkpointId?: string;
  readonly position?: bigint;
  readonly signedAt?: Date;
  readonly signedHash?: string;
  /** The hash the chain has now at that position (hash_mismatch). */
  readonly chainHash?: string;
  readonly message: string;
}

export interface CheckpointVerification {
  readonly ok: boolean;
  /** The key checked against, and how many of its checkpoints verified (signature and chain). */
  readonly keyId: string;
  readonly checked: number;
  /** Key ids of checkpoints signed by other keys (a rotated or foreign key): listed, not checked. */
  readonly otherKeys: readonly string[];
  /** The latest checkpoint of this key that verified. */
  readonly latest?: { readonly id: string; readonly position: bigint; readonly hash: string; readonly signedAt: Date };
  /** The first checkpoint that no longer matches (in position order), and how many do not. */
  readonly failure?: CheckpointFailure;
  readonly failed: number;
}

export interface CheckpointVerifyOptions {
  /** Fail when the key has signed nothing although the log has events (an auditor asking for a key expects some). */
  readonly requireOne?: boolean;
}

/**
 * Checks every checkpoint signed by `publicKey`: its signature, and that the chain at its position has exactly the
 * signed hash. `chain` is the result of `verifyChain` on the same database: its events' stored hashes up to
 * `chain.head` are what the chain recomputes, so comparing the stored hash at a position is comparing the chain.
 * A history rewritten and re-hashed with the project's own function verifies as a chain but fails here, naming the
 * first checkpoint that no longer matches. Checkpoints past a broken chain's last good event are not checked (the
 * chain failure is the finding); past an intact chain's head they mean events were removed.
 */
export async function verifyCheckpoints(pool: Pool, publicKey: KeyObject, chain: ChainVerification, options: CheckpointVerifyOptions = {}): Promise<CheckpointVerification> {
  const keyId = keyIdOf(publicKey);
  const all = await readCheckpoints(pool);
  const mine = all.filter((c) => c.keyId === keyId);
  const otherKeys = [...new Set(all.filter((c) => c.keyId !== keyId).map((c) => c.keyId))];
  const positions = [...new Set(mine.filter((c) => c.position > 0n && c.position <= chain.head.position).map((c) => c.position.toString()))];
  const { rows } = await pool.query<{ position: string; hash: string }>('SELECT position::text, hash FROM events WHERE position = ANY($1::bigint[])', [positions]);
  const hashes = new Map(rows.map((row) => [row.position, row.hash]));
  hashes.set('0', '0'.repeat(64));
  const failures: CheckpointFailure[] = [];
  let checked = 0;
  let latest: CheckpointVerification['latest'];
  for (const checkpoint of mine) {
    const where = `#${checkpoint.id}（位置 ${checkpoint.position}, ${checkpoint.signedAt.toISOString()}）`;
    const whereEn = `#${checkpoint.id} (position ${checkpoint.position}, signed ${checkpoint.signedAt.toISOString()})`;
    const base = { checkpointId: checkpoint.id, position: checkpoint.position, signedAt: checkpoint.signedAt, signedHash: checkpoint.hash };
    if (!verifyCheckpointSignature(publicKey, checkpoint)) {
      failures.push({ ...base, problem: 'bad_signature', message: `チェックポイント ${where} の署名が正しくありません。 Checkpoint ${whereEn}: the signature does not verify.` });
      continue;
    }
    if (checkpoint.position > chain.head.position) {
      if (chain.ok) {
        failures.push({
          ...base,
          problem: 'beyond_chain',
          message: `ログは位置 ${chain.head.position} で終わり、チェックポイント ${where} に届きません（イベントが削除されています）。 The log ends at ${chain.head.position}, before checkpoint ${whereEn}: events were removed.`,
        });
      }
      continue;
    }
    const now = hashes.get(checkpoint.position.toString());
    if (now !== checkpoint.hash) {
      failures.push({
        ...base,
        problem: 'hash_mismatch',
        chainHash: now,
        message:
          `チェックポイント ${where} で署名されたハッシュ ${checkpoint.hash} と、チェーンの現在のハッシュ ${now ?? '（なし）'} が一致しません。履歴が書き換えられ再計算されています。` +
          ` Checkpoint ${whereEn} no longer matches the chain: signed ${checkpoint.hash}, now ${now ?? '(none)'}; the history was rewritten and re-hashed.`,
      });
      continue;
    }
    checked += 1;
    latest = { id: checkpoint.id, position: checkpoint.position, hash: checkpoint.hash, signedAt: checkpoint.signedAt };
  }
  if (mine.length === 0 && options.requireOne && chain.head.position > 0n) {
    failures.push({
      problem: 'none_signed',
      message: `この公開鍵（${keyId}）で署名されたチェックポイントがありません。 No checkpoint signed by this key (${keyId}) is stored.`,
    });
  }
  return { ok: failures.length === 0, keyId, checked, otherKeys, ...(latest && { latest }), ...(failures[0] && { failure: failures[0] }), failed: failures.length };
}
