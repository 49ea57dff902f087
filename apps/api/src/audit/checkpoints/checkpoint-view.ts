import { StoredCheckpoint } from '@grants/event-store';

/** A checkpoint as the routes show it: the signed values exactly (UTC time as signed) and the time in JST for people. */
export interface CheckpointView {
  readonly id: string;
  readonly position: string;
  readonly hash: string;
  readonly signedAt: string;
  readonly signedAtJst: string;
  readonly keyId: string;
  readonly signature: string;
  readonly reason: string;
  readonly requestedBy: string | null;
}

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** `2025-04-01T09:00:00.000+09:00`. */
export function jst(date: Date): string {
  return `${new Date(date.getTime() + JST_OFFSET_MS).toISOString().slice(0, -1)}+09:00`;
}

export function checkpointView(c: StoredCheckpoint): CheckpointView {
  return {
    id: c.id,
    position: c.position.toString(),
    hash: c.hash,
    signedAt: c.signedAt.toISOString(),
    signedAtJst: jst(c.signedAt),
    keyId: c.keyId,
    signature: c.signature,
    reason: c.reason,
    requestedBy: c.requestedBy,
  };
}
