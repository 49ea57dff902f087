import { Query } from '@nestjs/cqrs';
import type { PoolId } from '@grants/domain';
import type { Actor } from '../../auth/actor';

export interface DraftView {
  readonly fiscalYear: string;
  readonly code: string;
  /** The trial the draft comes from, and when and by whom it was published (内示). */
  readonly trialNumber: number;
  readonly publishedAt: string;
  readonly publishedBy: string;
  /** 交付見込額（案） per pool the recipient takes part in, in yen and in 千円. */
  readonly pools: readonly { readonly pool: PoolId; readonly draftYen: string; readonly draftThousandYen: string }[];
}

/** One recipient's draft 交付見込額（案） after 内示: an insurer (6 digits) or a prefecture (2 digits). */
export class GetDraft extends Query<DraftView> {
  constructor(
    readonly fiscalYear: string,
    readonly code: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
