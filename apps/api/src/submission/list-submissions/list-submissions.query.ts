import { Query } from '@nestjs/cqrs';
import type { Actor } from '../../auth/actor';

export interface ListedSubmission {
  readonly insurerCode: string;
  readonly prefectureCode: string;
  readonly status: string;
  readonly returnedCount: number;
  readonly correctedCount: number;
  readonly version: string;
  readonly lastEventType: string;
  readonly lastChangedAt: Date | string;
}

export interface SubmissionList {
  readonly fiscalYear: string;
  readonly count: number;
  readonly submissions: readonly ListedSubmission[];
}

/** 提出状況一覧: nationally, or one prefecture's; by status when given; as of `?asOf=` when asked. */
export class ListSubmissions extends Query<SubmissionList> {
  constructor(
    readonly fiscalYear: string,
    readonly prefecture: string | undefined,
    readonly status: string | undefined,
    readonly actor: Actor,
  ) {
    super();
  }
}
