import { DomainError } from '../domain-error';
import { Framework, frameworkIndicators, SelfAssessedIndicator } from '../framework/framework';
import { FiscalYearLabel, Phase } from '../fiscal-year/fiscal-year';
import { answerPoints, IndicatorAnswer } from '../scoring/answer-points';

type Answers = Readonly<Record<string, IndicatorAnswer>>;

export interface AnswersSaved {
  readonly type: 'AnswersSaved';
  readonly data: { readonly fiscalYear: FiscalYearLabel; readonly insurerCode: string; readonly answers: Answers; readonly savedAt: string };
}
export interface SubmissionSubmitted {
  readonly type: 'SubmissionSubmitted';
  readonly data: { readonly fiscalYear: FiscalYearLabel; readonly insurerCode: string; readonly submittedAt: string };
}
/** 差戻し: the prefecture sends a submission back for amendment. */
export interface SubmissionReturned {
  readonly type: 'SubmissionReturned';
  readonly data: { readonly fiscalYear: FiscalYearLabel; readonly insurerCode: string; readonly reason: string; readonly returnedAt: string };
}
/** National review of one answer: accepted as is, or corrected (with a reason). */
export interface AnswerReviewed {
  readonly type: 'AnswerReviewed';
  readonly data: {
    readonly fiscalYear: FiscalYearLabel;
    readonly insurerCode: string;
    readonly indicatorId: string;
    readonly decision: 'accepted' | 'corrected';
    readonly answer?: IndicatorAnswer;
    readonly reason?: string;
    readonly reviewedAt: string;
  };
}
export type SubmissionEvent = AnswersSaved | SubmissionSubmitted | SubmissionReturned | AnswerReviewed;
export const SUBMISSION_EVENT_TYPES: readonly SubmissionEvent['type'][] = ['AnswersSaved', 'SubmissionSubmitted', 'SubmissionReturned', 'AnswerReviewed'];

export type SubmissionStatus = 'draft' | 'submitted' | 'returned';

export interface SubmissionState {
  readonly status: SubmissionStatus | 'absent';
  readonly answers: Answers;
  /** Reviewers' corrections by indicator; they override the submitted answers in scoring. */
  readonly corrections: Answers;
  /** National review decisions recorded (accepted or corrected); a count, not a copied set, so folds stay cheap. */
  readonly reviews: number;
}

export const initialSubmissionState: SubmissionState = { status: 'absent', answers: {}, corrections: {}, reviews: 0 };

export function evolveSubmission(state: SubmissionState, event: SubmissionEvent): SubmissionState {
  switch (event.type) {
    case 'AnswersSaved': {
      const { answers } = event.data;
      return { ...state, status: state.status === 'returned' ? 'returned' : 'draft', answers: { ...state.answers, ...answers } };
    }
    case 'SubmissionSubmitted':
      return { ...state, status: 'submitted' };
    case 'SubmissionReturned':
      return { ...state, status: 'returned' };
    case 'AnswerReviewed': {
      const data = event.data;
      const corrections = data.decision === 'corrected' && data.answer ? { ...state.corrections, [data.indicatorId]: data.answer } : state.corrections;
      return { ...state, reviews: state.reviews + 1, corrections };
    }
    default:
      return state;
  }
}

/** The answers scoring uses: as submitted, with the national review's corrections applied. */
export function effectiveAnswers(state: SubmissionState): Answers {
  return state.status === 'submitted' ? { ...state.answers, ...state.corrections } : {};
}

/** Facts about the fiscal year a submission command is decided against. */
export interface SubmissionContext {
  readonly fiscalYear: FiscalYearLabel;
  readonly insurerCode: string;
  readonly phase: Phase;
  readonly submissionsDueAt: string;
  readonly framework: Framework;
  readonly now: Date;
}

export function selfAssessedIndicators(framework: Framework): Map<string, SelfAssessedIndicator> {
  const found = new Map<string, SelfAssessedIndicator>();
  for (const { indicator } of frameworkIndicators(framework)) {
    if (indicator.answerType !== 'numeric') found.set(indicator.id, indicator);
  }
  return found;
}

function requireOpenForInsurers(context: SubmissionContext): void {
  if (context.phase !== 'open') {
    throw new DomainError('conflict', 'SUBMISSION.CLOSED', '提出の受付は終了しています。', 'Submissions are closed for this fiscal year.', undefined, { phase: context.phase });
  }
  if (context.now.getTime() > Date.parse(context.submissionsDueAt)) {
    throw new DomainError('conflict', 'SUBMISSION.DEADLINE_PASSED', `提出期限（${context.submissionsDueAt}）を過ぎています。`, `The deadline ${context.submissionsDueAt} has passed.`, undefined, {
      dueAt: context.submissionsDueAt,
    });
  }
}

function checkAnswers(answers: Answers, framework: Framework): void {
  const indicators = selfAssessedIndicators(framework);
  const ids = Object.keys(answers);
  if (ids.length === 0) throw new DomainError('invalid', 'VALIDATION.INVALID_FIELD', '回答が空です。', 'No answers were given.', 'answers');
  for (const id of ids) {
    const indicator = indicators.get(id);
    if (!indicator) {
      throw new DomainError('invalid', 'VALIDATION.INVALID_FIELD', `指標 ${id} は自己評価の指標ではありません。`, `${id} is not a self-assessed indicator of this framework.`, `answers.${id}`);
    }
    // Throws a 400 naming the field when the answer does not fit the indicator (type, options).
    answerPoints(indicator, answers[id], `answers.${id}`);
  }
}

export function saveAnswers(answers: Answers, state: SubmissionState, context: SubmissionContext): AnswersSaved[] {
  requireOpenForInsurers(context);
  if (state.status === 'submitted') {
    throw new DomainError('conflict', 'SUBMISSION.ALREADY_SUBMITTED', '提出済みのため修正できません（差戻し後に修正できます）。', 'Already submitted: it can be amended only after the prefecture sends it back.');
  }
  checkAnswers(answers, context.framework);
  return [{ type: 'AnswersSaved', data: { fiscalYear: context.fiscalYear, insurerCode: context.insurerCode, answers, savedAt: context.now.toISOString() } }];
}

export function submit(state: SubmissionState, context: SubmissionContext): SubmissionSubmitted[] {
  if (state.status === 'submitted') return [];
  requireOpenForInsurers(context);
  const missing = [...selfAssessedIndicators(context.framework).keys()].filter((id) => state.answers[id] === undefined);
  if (missing.length > 0) {
    throw new DomainError('conflict', 'SUBMISSION.INCOMPLETE', `未回答の指標が ${missing.length} 件あります。`, `${missing.length} indicator(s) are not answered yet.`, undefined, { missing });
  }
  return [{ type: 'SubmissionSubmitted', data: { fiscalYear: context.fiscalYear, insurerCode: context.insurerCode, submittedAt: context.now.toISOString() } }];
}

export function returnSubmission(reason: string, state: SubmissionState, context: SubmissionContext): SubmissionReturned[] {
  if (context.phase !== 'open') {
    throw new DomainError('conflict', 'SUBMISSION.CLOSED', '受付終了後は差戻しできません。', 'Submissions are closed; nothing can be sent back.', undefined, { phase: context.phase });
  }
  if (state.status !== 'submitted') {
    throw new DomainError('conflict', 'SUBMISSION.NOT_SUBMITTED', '提出されていないため差戻しできません。', 'Only a submitted self-evaluation can be sent back.');
  }
  return [{ type: 'SubmissionReturned', data: { fiscalYear: context.fiscalYear, insurerCode: context.insurerCode, reason, returnedAt: context.now.toISOString() } }];
}

/** A reviewer's decision on one answer, for insurers and prefectures alike. */
export interface AnswerReview {
  readonly indicatorId: string;
  readonly decision: 'accepted' | 'corrected';
  readonly answer?: IndicatorAnswer;
  readonly reason?: string;
}

/**
 * The checks every national review shares: the review phase, a submitted self-evaluation, a self-assessed indicator
 * of the framework, and for a correction the corrected answer (fitting the indicator) and a reason.
 */
export function checkReview(review: AnswerReview, submitted: boolean, context: { phase: Phase; framework: Framework }, who: { ja: string; en: string }): void {
  if (context.phase !== 'submissions_closed') {
    throw new DomainError('conflict', 'REVIEW.NOT_OPEN', '国の審査は提出締切後、審査完了前に行います。', 'Answers are reviewed after submissions close and before the review is completed.', undefined, { phase: context.phase });
  }
  if (!submitted) {
    throw new DomainError('conflict', 'SUBMISSION.NOT_SUBMITTED', `この${who.ja}の自己評価は提出されていません。`, `This ${who.en} has not submitted its self-evaluation.`);
  }
  const indicator = selfAssessedIndicators(context.framework).get(review.indicatorId);
  if (!indicator) {
    throw new DomainError('invalid', 'VALIDATION.INVALID_FIELD', `指標 ${review.indicatorId} は自己評価の指標ではありません。`, `${review.indicatorId} is not a self-assessed indicator.`, 'indicatorId');
  }
  if (review.decision === 'corrected') {
    if (!review.answer) throw new DomainError('invalid', 'VALIDATION.INVALID_FIELD', '訂正後の回答を指定してください。', 'A correction needs the corrected answer.', 'answer');
    if (!review.reason) throw new DomainError('invalid', 'VALIDATION.INVALID_FIELD', '訂正の理由を入力してください。', 'A correction needs a reason.', 'reason');
    answerPoints(indicator, review.answer, 'answer');
  }
}

export function reviewAnswer(review: AnswerReview, state: SubmissionState, context: SubmissionContext): AnswerReviewed[] {
  checkReview(review, state.status === 'submitted', context, { ja: '保険者', en: 'insurer' });
  return [
    {
      type: 'AnswerReviewed',
      data: {
        fiscalYear: context.fiscalYear,
        insurerCode: context.insurerCode,
        indicatorId: review.indicatorId,
        decision: review.decision,
        ...(review.decision === 'corrected' && { answer: review.answer, reason: review.reason }),
        reviewedAt: context.now.toISOString(),
      },
    },
  ];
}
