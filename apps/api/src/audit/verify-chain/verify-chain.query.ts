import { Query } from '@nestjs/cqrs';
import type { ChainDigest } from '@grants/event-store';

export interface ChainReport {
  /** The chain verified and every checkpoint of the service's key matches it. */
  readonly ok: boolean;
  readonly checked: number;
  readonly head: { readonly position: string; readonly hash: string; readonly digest: string };
  /** The chain's own failure (an altered, removed or moved event; a saved digest not matched). */
  readonly failure: Record<string, unknown> | null;
  /** The signed checkpoints checked against the chain: a re-hashed history fails here. */
  readonly checkpoints: {
    readonly ok: boolean;
    readonly keyId: string;
    readonly checked: number;
    readonly failed: number;
    readonly otherKeys: readonly string[];
    readonly latest: { readonly id: string; readonly position: string; readonly hash: string; readonly signedAt: string } | null;
    /** Events recorded after the latest verified checkpoint (not yet covered by a signature). */
    readonly unsignedEvents: string;
    readonly failure: Record<string, unknown> | null;
  };
  readonly fiscalYears: readonly { readonly fiscalYear: string; readonly events: number; readonly head: { readonly position: string; readonly hash: string }; readonly digest: string }[];
}

/** ハッシュチェーン検証: the whole chain from the start (against a digest kept earlier, if given), the signed checkpoints and each year's head. */
export class VerifyChain extends Query<ChainReport> {
  constructor(readonly digest: ChainDigest | undefined) {
    super();
  }
}
