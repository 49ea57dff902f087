import { Query } from '@nestjs/cqrs';
import type { RecipientView, TimelineEntry } from '@grants/domain';

export interface RecipientTimelineView {
  readonly fiscalYear: string;
  readonly code: string;
  readonly entries: readonly TimelineEntry[];
  readonly current: RecipientView;
}

/** 変更履歴: every change of one recipient (insurer or prefecture), narrowed to field families when given. */
export class GetRecipientTimeline extends Query<RecipientTimelineView> {
  constructor(
    readonly fiscalYear: string,
    readonly code: string,
    readonly fields: readonly string[] | undefined,
  ) {
    super();
  }
}
