import { Query } from '@nestjs/cqrs';
import type { ChainDigest } from '@grants/event-store';

export interface ChainReport {
  readonly ok: boolean;
  readonly checked: number;
  readonly head: { readonly position: string; readonly hash: string; readonly digest: string };
  readonly failure: Record<string, unknown> | null;
  readonly fiscalYears: readonly { readonly fiscalYear: string; readonly events: number; readonly head: { readonly position: string; readonly hash: string }; readonly digest: string }[];
}

/** ハッシュチェーン検証: the whole chain from the start (against a digest kept earlier, if given) and each year's head. */
export class VerifyChain extends Query<ChainReport> {
  constructor(readonly digest: ChainDigest | undefined) {
    super();
  }
}
