import { Query } from '@nestjs/cqrs';
import type { PoolId } from '@grants/domain';

/** 案, the 所要見込額 stated (null: none, the 案 stands) and 所要見込額 − 案 (null without a request), in yen. */
export interface RequestAmounts {
  readonly draftYen: string;
  readonly requestedYen: string | null;
  readonly differenceYen: string | null;
}

/** One recipient of the published draft: its 案 per grant, and the 所要見込額 it stated in the window. */
export interface RequestRow {
  readonly level: 'municipal' | 'prefectural';
  readonly code: string;
  readonly suishin: RequestAmounts;
  readonly shien: RequestAmounts;
  /** When a municipality stated its request (prefectures' requests carry no time of their own). */
  readonly requestedAt: string | null;
}

/** Per pool: Σ案, how many stated a request, and Σ(案 − 所要見込額) of those asking for less (what 追加交付 may place). */
export interface RequestPoolTotals {
  readonly pool: PoolId;
  readonly draftYen: string;
  readonly requests: number;
  readonly belowDraft: number;
  readonly freedYen: string;
}

export interface RequestsView {
  readonly fiscalYear: string;
  /** The trial published as the draft (内示), or null before 内示 (then no rows). */
  readonly draftTrialNumber: number | null;
  readonly publishedAt: string | null;
  readonly pools: readonly RequestPoolTotals[];
  readonly rows: readonly RequestRow[];
}

/** 所要見込額の受付状況: every recipient of the 内示 with its 案 and the request received (national users). */
export class ListRequests extends Query<RequestsView> {
  constructor(readonly fiscalYear: string) {
    super();
  }
}
