import { Query } from '@nestjs/cqrs';
import type { IndicatorAnswer } from '@grants/domain';
import type { Actor } from '../../auth/actor';

export interface PrefectureSubmissionView {
  readonly fiscalYear: string;
  readonly prefectureCode: string;
  readonly status: 'not_started' | 'draft' | 'submitted';
  readonly answers: Readonly<Record<string, IndicatorAnswer>>;
  readonly corrections: Readonly<Record<string, IndicatorAnswer>>;
  readonly requested: { readonly suishinYen: string; readonly shienYen: string } | null;
  readonly version: string;
}

/** A prefecture's own self-evaluation: status, answers, the national review's corrections and its 所要見込額. */
export class GetPrefectureSubmission extends Query<PrefectureSubmissionView> {
  constructor(
    readonly fiscalYear: string,
    readonly prefectureCode: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
