import { Query } from '@nestjs/cqrs';
import type { CheckpointView } from '../checkpoints/checkpoint-view';

export interface CheckpointList {
  /** Every key that signed a stored checkpoint, the service's own first (`current`). */
  readonly keys: readonly { readonly keyId: string; readonly publicKey: string; readonly current: boolean; readonly ephemeral?: boolean }[];
  readonly checkpoints: readonly CheckpointView[];
}

/** 署名済みチェックポイント: every signed checkpoint of the chain head, with the public keys that verify them. */
export class ListCheckpoints extends Query<CheckpointList> {}
