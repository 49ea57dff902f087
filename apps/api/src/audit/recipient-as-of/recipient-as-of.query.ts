import { Query } from '@nestjs/cqrs';
import type { RecipientView } from '@grants/domain';

export interface RecipientAsOfView {
  readonly fiscalYear: string;
  readonly code: string;
  /** The fiscal year's last event at the point asked for. */
  readonly position: string | null;
  readonly view: RecipientView;
}

/** ある時点の状態: one recipient's answers, scores, corrections and amounts as they stood at `?asOf=` (now without). */
export class GetRecipientAsOf extends Query<RecipientAsOfView> {
  constructor(
    readonly fiscalYear: string,
    readonly code: string,
  ) {
    super();
  }
}
