import { Injectable } from '@nestjs/common';
import { FiscalYearState, Phase, PHASES, Readiness } from '@grants/domain';

/**
 * What still blocks each phase change. Rules arrive with the slices that own the data (submissions, review, …);
 * the deadline rules hold from the start.
 */
@Injectable()
export class ReadinessService {
  check(state: Extract<FiscalYearState, { status: 'opened' }>, to: Phase, now: Date): Readiness {
    const missing: { code: string; message: string }[] = [];
    const dueAt = (iso: string) => Date.parse(iso) <= now.getTime();
    if (to === 'submissions_closed' && !dueAt(state.deadlines.submissionsDueAt)) {
      missing.push({
        code: 'DEADLINE.SUBMISSIONS_NOT_REACHED',
        message: `保険者の提出期限（${state.deadlines.submissionsDueAt}）前です。 The insurers' deadline ${state.deadlines.submissionsDueAt} has not passed yet.`,
      });
    }
    if (to === 'review_completed' && !dueAt(state.deadlines.prefectureSubmissionsDueAt)) {
      missing.push({
        code: 'DEADLINE.PREFECTURE_SUBMISSIONS_NOT_REACHED',
        message: `都道府県の提出期限（${state.deadlines.prefectureSubmissionsDueAt}）前です。 The prefectures' deadline ${state.deadlines.prefectureSubmissionsDueAt} has not passed yet.`,
      });
    }
    return { missing };
  }

  nextPhase(phase: Phase): Phase | undefined {
    return PHASES[PHASES.indexOf(phase) + 1];
  }
}
