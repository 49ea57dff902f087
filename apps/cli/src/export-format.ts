import { StoredCheckpoint } from '@grants/event-store';

/**
 * An export (`cli export`) is NDJSON: the events, one per line in position order; then the signed checkpoints of the
 * chain head (`audit_checkpoints`), one per line marked `"checkpoint":true`; then the trailer,
 * `{"trailer":true,"events":<n>,"checkpoints":<m>,"digest":"<position>:<hash>"}` (and the fiscal year when one was
 * exported). The digest is the last exported event's position and hash — for a whole-log export, what verify prints —
 * so a file cut off anywhere, even between two lines, is told from a complete one; import refuses a file without it.
 * Files written before checkpoints were exported have no checkpoint lines and no `checkpoints` count: they hold none.
 */
export const EXPORT_TRAILER = 'trailer';
export const EXPORT_CHECKPOINT = 'checkpoint';

export interface ExportTrailer {
  readonly trailer: true;
  /** Events in the file. */
  readonly events: number;
  /** Checkpoint lines in the file (absent in exports written before checkpoints were exported: none). */
  readonly checkpoints?: number;
  /** `<position>:<hash>` of the last event (`0:000…0` for an empty log). */
  readonly digest: string;
  readonly fiscalYear?: string;
}

/** A checkpoint line: the stored row, every field as text (times ISO 8601 UTC, as signed). */
export function checkpointLine(c: StoredCheckpoint): string {
  return JSON.stringify({
    [EXPORT_CHECKPOINT]: true,
    id: c.id,
    position: c.position.toString(),
    hash: c.hash,
    signedAt: c.signedAt.toISOString(),
    keyId: c.keyId,
    publicKey: c.publicKey,
    signature: c.signature,
    reason: c.reason,
    requestedBy: c.requestedBy,
  });
}

/** A checkpoint line read back as the stored row, or what is wrong with it; undefined when it is not one. */
export function asCheckpoint(value: unknown): StoredCheckpoint | string | undefined {
  if (typeof value !== 'object' || value === null || (value as Record<string, unknown>)[EXPORT_CHECKPOINT] !== true) return undefined;
  const v = value as Record<string, unknown>;
  for (const key of ['id', 'position', 'hash', 'signedAt', 'keyId', 'publicKey', 'signature', 'reason']) if (typeof v[key] !== 'string') return `${key} missing`;
  if (v.requestedBy !== null && typeof v.requestedBy !== 'string') return 'requestedBy neither null nor a text';
  if (!/^[1-9]\d{0,18}$/.test(v.id as string) || !/^(0|[1-9]\d{0,18})$/.test(v.position as string)) return 'id or position not a decimal';
  if (!/^[0-9a-f]{64}$/.test(v.hash as string) || !/^[0-9a-f]{64}$/.test(v.keyId as string)) return 'hash or keyId not 64 hex digits';
  const signedAt = new Date(v.signedAt as string);
  if (Number.isNaN(signedAt.getTime())) return 'signedAt not a time';
  return {
    id: v.id as string,
    position: BigInt(v.position as string),
    hash: v.hash as string,
    signedAt,
    keyId: v.keyId as string,
    publicKey: v.publicKey as string,
    signature: v.signature as string,
    reason: v.reason as string,
    requestedBy: v.requestedBy as string | null,
  };
}
