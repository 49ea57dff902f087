import { Query } from '@nestjs/cqrs';
import type { Actor } from '../../auth/actor';

export interface SubmissionView {
  readonly fiscalYear: string;
  readonly insurer: { readonly code: string; readonly name: string; readonly prefectureCode: string; readonly category1InsuredPersons: number };
  readonly status: string;
  readonly answers: object;
  readonly corrections: object;
  /** While returned (差戻し): until when the insurer may amend and resubmit (ISO 8601), when the 差戻し set one; else null. */
  readonly reopenUntil: string | null;
  readonly version: string;
  readonly history: readonly {
    readonly type: string;
    readonly at: string;
    readonly actorId: string;
    readonly role: string;
    readonly organisationCode: string;
    readonly reason: string | null;
    readonly version: string;
  }[];
}

/** One insurer's self-evaluation with its status, answers, corrections and history (who, role, when, why). */
export class GetSubmission extends Query<SubmissionView> {
  constructor(
    readonly fiscalYear: string,
    readonly insurerCode: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
