import { Pool } from 'pg';
import { keyIdOf, parseEd25519PublicKey, verifyCheckpointSignature } from '../checkpoints';
import { GENESIS_HASH } from '../hash-chain';
import { readCheckpoints, StoredCheckpoint } from './checkpoint-store';
import { ImportRefused } from './import-events';

/** Why an exported checkpoint is not intact on its own (its key id, its signature by the key it names), or undefined. */
export function exportedCheckpointProblem(checkpoint: StoredCheckpoint): string | undefined {
  let key;
  try {
    key = parseEd25519PublicKey(checkpoint.publicKey);
  } catch (error) {
    return `its public key is not usable (${(error as Error).message})`;
  }
  if (keyIdOf(key) !== checkpoint.keyId) return 'its key id is not the id of its public key';
  if (!verifyCheckpointSignature(key, checkpoint)) return 'its signature does not verify with its own public key';
  return undefined;
}

/** A checkpoint the restore would not store as exported: nothing is stored; names the checkpoint when one is at fault. */
export class CheckpointImportRefused extends ImportRefused {
  constructor(
    message: string,
    readonly checkpointId?: string,
    position?: bigint,
  ) {
    super(message, position);
  }
}

const same = (a: StoredCheckpoint, b: StoredCheckpoint) =>
  a.position === b.position &&
  a.hash === b.hash &&
  a.signedAt.getTime() === b.signedAt.getTime() &&
  a.keyId === b.keyId &&
  a.publicKey === b.publicKey &&
  a.signature === b.signature &&
  a.reason === b.reason &&
  a.requestedBy === b.requestedBy;

/**
 * Restores exported checkpoints into `audit_checkpoints` exactly as signed (ids, times, keys, signatures, reasons),
 * after their events were imported: the restore path beside the signing one. In one transaction, the table locked
 * against signers: each checkpoint must be intact (exportedCheckpointProblem) and sign the very hash the log holds at
 * its position (the genesis hash at 0); one the database already holds under its id must be identical (a resumed
 * import adds only what is missing), and the database may hold none the export lacks. Otherwise ImportRefused,
 * naming the checkpoint, and nothing is stored. INSERT only; the id sequence then continues after the highest id.
 */
export async function importCheckpoints(pool: Pool, checkpoints: readonly StoredCheckpoint[]): Promise<{ inserted: number; present: number }> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('LOCK TABLE audit_checkpoints IN SHARE ROW EXCLUSIVE MODE');
    const stored = new Map((await readCheckpoints(client)).map((c) => [c.id, c]));
    const exportedIds = new Set(checkpoints.map((c) => c.id));
    const foreign = [...stored.keys()].find((id) => !exportedIds.has(id));
    if (foreign !== undefined) {
      throw new CheckpointImportRefused(`データベースには書出しにないチェックポイント #${foreign} があります。 The database holds checkpoint #${foreign}, which the export does not: restore into an empty database.`);
    }
    const positions = [...new Set(checkpoints.filter((c) => c.position > 0n).map((c) => c.position.toString()))];
    const { rows } = await client.query<{ position: string; hash: string }>('SELECT position::text AS position, hash FROM events WHERE position = ANY($1::bigint[])', [positions]);
    const hashes = new Map(rows.map((row) => [row.position, row.hash]));
    hashes.set('0', GENESIS_HASH);
    const missing: StoredCheckpoint[] = [];
    for (const checkpoint of checkpoints) {
      const where = `#${checkpoint.id} (position ${checkpoint.position})`;
      if (!/^[1-9]\d{0,18}$/.test(checkpoint.id)) throw new CheckpointImportRefused(`チェックポイントの番号 ${checkpoint.id} が不正です。 Checkpoint id ${checkpoint.id} is not a positive integer.`, checkpoint.id);
      const problem = exportedCheckpointProblem(checkpoint);
      if (problem) throw new CheckpointImportRefused(`チェックポイント ${where} は改変されています。 Checkpoint ${where} is not intact: ${problem}.`, checkpoint.id, checkpoint.position);
      const now = hashes.get(checkpoint.position.toString());
      if (now !== checkpoint.hash) {
        throw new CheckpointImportRefused(
          `チェックポイント ${where} が署名したハッシュは記録のものと一致しません。 Checkpoint ${where} signs ${checkpoint.hash}, the log holds ${now ?? 'no event'} there.`,
          checkpoint.id,
          checkpoint.position,
        );
      }
      const present = stored.get(checkpoint.id);
      if (!present) missing.push(checkpoint);
      else if (!same(present, checkpoint)) {
        throw new CheckpointImportRefused(`データベースのチェックポイント ${where} は書出しのものと異なります。 The database holds another checkpoint ${where}: restore into an empty database.`, checkpoint.id, checkpoint.position);
      }
    }
    for (const c of missing) {
      await client.query(
        `INSERT INTO audit_checkpoints (id, position, head_hash, signed_at, key_id, public_key, signature, reason, requested_by)
         OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [c.id, c.position.toString(), c.hash, c.signedAt.toISOString(), c.keyId, c.publicKey, c.signature, c.reason, c.requestedBy],
      );
    }
    if (missing.length > 0) {
      await client.query(`SELECT setval(pg_get_serial_sequence('audit_checkpoints', 'id'), (SELECT max(id) FROM audit_checkpoints))`);
    }
    await client.query('COMMIT');
    return { inserted: missing.length, present: checkpoints.length - missing.length };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
