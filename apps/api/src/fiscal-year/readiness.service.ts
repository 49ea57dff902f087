import { Injectable } from '@nestjs/common';
import { insurerDueAt, NationalFiguresState, nextPhaseOf, numericIndicators, Phase, Readiness, SubmissionState } from '@grants/domain';
import type { OpenedFiscalYear } from './fiscal-year.reader';

/** How far the year's grant calculation has come. */
export interface CalculationProgress {
  readonly trialRun: boolean;
  readonly finalized: boolean;
}

/** What readiness reads of a year besides the year itself: the command side's streams, or the query side's views. */
export interface ReadinessSources {
  nationalFigures(fiscalYear: string): Promise<NationalFiguresState>;
  calculationProgress(fiscalYear: string): Promise<CalculationProgress>;
  /** Whether a trial has been published as the draft (内示). */
  draftPublished(fiscalYear: string): Promise<boolean>;
  registeredCount(fiscalYear: string): Promise<number>;
  /** The insurers whose submission stands returned (差戻し, not yet resubmitted), by code. */
  returnedSubmissions(fiscalYear: string): Promise<readonly ReturnedSubmission[]>;
}

export interface ReturnedSubmission {
  readonly insurerCode: string;
  readonly state: SubmissionState;
}

/**
 * What still blocks each phase change: the answer of GET /fiscal-years/:fy/readiness and the guard of each step. The
 * caller says how the year is read (the command side's streams for a step, the query side's views for the answer).
 */
@Injectable()
export class ReadinessService {
  async check(streams: ReadinessSources, year: OpenedFiscalYear, to: Phase, now: Date): Promise<Readiness> {
    const missing: Readiness['missing'][number][] = [];
    const reached = (iso: string) => Date.parse(iso) <= now.getTime();
    if (to === 'submissions_closed' && !reached(year.deadlines.submissionsDueAt)) {
      missing.push({
        code: 'DEADLINE.SUBMISSIONS_NOT_REACHED',
        message: `保険者の提出期限（${year.deadlines.submissionsDueAt}）前です。 The insurers' deadline ${year.deadlines.submissionsDueAt} has not passed yet.`,
      });
    }
    if (to === 'submissions_closed') {
      // A 差戻し reopens that insurer's submission until its own date: the year waits for it while that date is ahead.
      for (const { insurerCode, state } of await streams.returnedSubmissions(year.fiscalYear)) {
        const dueAt = insurerDueAt(state, year.deadlines.submissionsDueAt);
        if (reached(dueAt)) continue;
        missing.push({
          code: 'SUBMISSION.RETURNED_NOT_RESUBMITTED',
          insurerCode,
          message: `保険者 ${insurerCode} の自己評価は差戻し中です（再提出期限 ${dueAt}）。 The self-evaluation of insurer ${insurerCode} was sent back and is not resubmitted yet (it may be until ${dueAt}).`,
        });
      }
    }
    if (to === 'review_completed') {
      if (!reached(year.deadlines.prefectureSubmissionsDueAt)) {
        missing.push({
          code: 'DEADLINE.PREFECTURE_SUBMISSIONS_NOT_REACHED',
          message: `都道府県の提出期限（${year.deadlines.prefectureSubmissionsDueAt}）前です。 The prefectures' deadline ${year.deadlines.prefectureSubmissionsDueAt} has not passed yet.`,
        });
      }
      const figures = await streams.nationalFigures(year.fiscalYear);
      for (const indicator of [...numericIndicators(year.municipalFramework), ...numericIndicators(year.prefecturalFramework)]) {
        if (!figures.byIndicator[indicator.id]) {
          missing.push({
            code: 'REVIEW.FIGURES_MISSING',
            message: `指標 ${indicator.id}（${indicator.label}）の国の数値が未登録です。 National figures of ${indicator.id} are not recorded.`,
          });
        }
      }
    }
    if (to === 'allocated' || to === 'finalized') {
      const calculation = await streams.calculationProgress(year.fiscalYear);
      if (to === 'allocated' && !calculation.trialRun) {
        missing.push({ code: 'CALCULATION.NO_TRIAL', message: '試算が行われていません。 No trial calculation has been run.' });
      }
      if (to === 'finalized' && !calculation.finalized) {
        missing.push({ code: 'CALCULATION.NOT_FINALIZED', message: '交付額が確定（決裁）されていません。 The grants have not been finalized (two-person approval).' });
      }
    }
    if (to === 'draft_published' && !(await streams.draftPublished(year.fiscalYear))) {
      missing.push({ code: 'CALCULATION.NO_DRAFT', message: '試算が内示（POST …/calculations/draft）されていません。 No trial has been published as the draft (内示).' });
    }
    if (to === 'scored' && (await streams.registeredCount(year.fiscalYear)) === 0) {
      missing.push({ code: 'REGISTER.EMPTY', message: '保険者が登録されていません。 No insurer is registered.' });
    }
    return { missing };
  }

  /** The next phase in the year's workflow (by its allocation rule version). */
  nextPhase(year: Pick<OpenedFiscalYear, 'allocationRuleVersion' | 'phase'>): Phase | undefined {
    return nextPhaseOf(year.allocationRuleVersion, year.phase);
  }
}
