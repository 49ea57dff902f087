import { DomainError } from '../domain-error';
import { Framework, frameworkIndicators, SelfAssessedIndicator } from '../framework/framework';
import { FiscalYearLabel, Phase } from '../fiscal-year/fiscal-year';
import { missingOffsetMessage, parseInstant } from '../fiscal-year/iso-time';
import { checkRequestsWindow, RequestsWindow } from '../fiscal-year/workflow';
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
/**
 * 差戻し: the prefecture sends a submission back for amendment. Since the reopening rule it carries `reopenUntil`, the time
 * until which that insurer may amend and resubmit even after the general deadline; a return recorded without it
 * reopens nothing beyond the general deadline (its meaning when it was recorded).
 */
export interface SubmissionReturned {
  readonly type: 'SubmissionReturned';
  readonly data: { readonly fiscalYear: FiscalYearLabel; readonly insurerCode: string; readonly reason: string; readonly returnedAt: string; readonly reopenUntil?: string };
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
/**
 * 所要見込額 of a municipality after 内示 (settlement rules), per grant in whole yen as decimal strings; a later trial
 * under a rule that settles the draft against requests caps the insurer's 確定 by it.
 */
export interface MunicipalAmountsRequested {
  readonly type: 'MunicipalAmountsRequested';
  readonly data: {
    readonly fiscalYear: FiscalYearLabel;
    readonly insurerCode: string;
    readonly suishinYen: string;
    readonly shienYen: string;
    /** The 内示 (trial number) the request answers. */
    readonly draftTrialNumber: number;
    readonly requestedAt: string;
  };
}
export type SubmissionEvent = AnswersSaved | SubmissionSubmitted | SubmissionReturned | AnswerReviewed | MunicipalAmountsRequested;
export const SUBMISSION_EVENT_TYPES: readonly SubmissionEvent['type'][] = ['AnswersSaved', 'SubmissionSubmitted', 'SubmissionReturned', 'AnswerReviewed', 'MunicipalAmountsRequested'];

export type SubmissionStatus = 'draft' | 'submitted' | 'returned';

export interface SubmissionState {
  readonly status: SubmissionStatus | 'absent';
  readonly answers: Answers;
  /** Reviewers' corrections by indicator; they override the submitted answers in scoring. */
  readonly corrections: Answers;
  /** National review decisions recorded (accepted or corrected); a count, not a copied set, so folds stay cheap. */
  readonly reviews: number;
  /** While returned: until when the insurer may amend and resubmit, past the general deadline (差戻し with a date). */
  readonly reopenUntil?: string;
  /** 所要見込額 after 内示, if stated. */
  readonly requested?: { readonly suishinYen: string; readonly shienYen: string };
}

export const initialSubmissionState: SubmissionState = { status: 'absent', answers: {}, corrections: {}, reviews: 0 };

export function evolveSubmission(state: SubmissionState, event: SubmissionEvent): SubmissionState {
  switch (event.type) {
    case 'AnswersSaved': {
      const { answers } = event.data;
      return { ...state, status: state.status === 'returned' ? 'returned' : 'draft', answers: { ...state.answers, ...answers } };
    }
    case 'SubmissionSubmitted': {
      const { reopenUntil: _closed, ...rest } = state;
      return { ...rest, status: 'submitted' };
    }
    case 'SubmissionReturned': {
      const { reopenUntil: _earlier, ...rest } = state;
      return { ...rest, status: 'returned', ...(event.data.reopenUntil !== undefined && { reopenUntil: event.data.reopenUntil }) };
    }
    case 'AnswerReviewed': {
      const data = event.data;
      const corrections = data.decision === 'corrected' && data.answer ? { ...state.corrections, [data.indicatorId]: data.answer } : state.corrections;
      return { ...state, reviews: state.reviews + 1, corrections };
    }
    case 'MunicipalAmountsRequested': {
      const { suishinYen, shienYen } = event.data;
      return { ...state, requested: { suishinYen, shienYen } };
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

/**
 * The rule giving a 差戻し its reopening date when the prefecture names none: 14 days after the return, or the
 * general deadline if that is later. Versioned: a return records the date it gave, so a later rule never changes an
 * earlier return.
 */
export const REOPEN_RULE = { version: 'reopen-14-days-v1', days: 14 } as const;

/** The date a return reopens the submission until when the prefecture names none (REOPEN_RULE). */
export function defaultReopenUntil(returnedAt: Date, submissionsDueAt: string): string {
  const afterReturn = returnedAt.getTime() + REOPEN_RULE.days * 24 * 60 * 60 * 1000;
  return new Date(Math.max(afterReturn, Date.parse(submissionsDueAt))).toISOString();
}

/** Until when this insurer may still save and submit: the general deadline, or a later reopening of a 差戻し. */
export function insurerDueAt(state: SubmissionState, submissionsDueAt: string): string {
  return state.status === 'returned' && state.reopenUntil !== undefined && Date.parse(state.reopenUntil) > Date.parse(submissionsDueAt) ? state.reopenUntil : submissionsDueAt;
}

function requireOpenForInsurers(state: SubmissionState, context: SubmissionContext): void {
  if (context.phase !== 'open') {
    throw new DomainError('conflict', 'SUBMISSION.CLOSED', '提出の受付は終了しています。', 'Submissions are closed for this fiscal year.', undefined, { phase: context.phase });
  }
  const dueAt = insurerDueAt(state, context.submissionsDueAt);
  if (context.now.getTime() > Date.parse(dueAt)) {
    throw new DomainError('conflict', 'SUBMISSION.DEADLINE_PASSED', `提出期限（${dueAt}）を過ぎています。`, `The deadline ${dueAt} has passed.`, undefined, { dueAt });
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
  requireOpenForInsurers(state, context);
  if (state.status === 'submitted') {
    throw new DomainError('conflict', 'SUBMISSION.ALREADY_SUBMITTED', '提出済みのため修正できません（差戻し後に修正できます）。', 'Already submitted: it can be amended only after the prefecture sends it back.');
  }
  checkAnswers(answers, context.framework);
  return [{ type: 'AnswersSaved', data: { fiscalYear: context.fiscalYear, insurerCode: context.insurerCode, answers, savedAt: context.now.toISOString() } }];
}

export function submit(state: SubmissionState, context: SubmissionContext): SubmissionSubmitted[] {
  if (state.status === 'submitted') return [];
  requireOpenForInsurers(state, context);
  const missing = [...selfAssessedIndicators(context.framework).keys()].filter((id) => state.answers[id] === undefined);
  if (missing.length > 0) {
    throw new DomainError('conflict', 'SUBMISSION.INCOMPLETE', `未回答の指標が ${missing.length} 件あります。`, `${missing.length} indicator(s) are not answered yet.`, undefined, { missing });
  }
  return [{ type: 'SubmissionSubmitted', data: { fiscalYear: context.fiscalYear, insurerCode: context.insurerCode, submittedAt: context.now.toISOString() } }];
}

/**
 * 差戻し with the date until which the insurer may amend and resubmit (`reopenUntil`, ISO 8601 with an offset, in
 * the future; REOPEN_RULE's date when none is named), even after the general deadline, while the year is open.
 */
export function returnSubmission(reason: string, state: SubmissionState, context: SubmissionContext, reopenUntil?: string): SubmissionReturned[] {
  if (context.phase !== 'open') {
    throw new DomainError('conflict', 'SUBMISSION.CLOSED', '受付終了後は差戻しできません。', 'Submissions are closed; nothing can be sent back.', undefined, { phase: context.phase });
  }
  if (state.status !== 'submitted') {
    throw new DomainError('conflict', 'SUBMISSION.NOT_SUBMITTED', '提出されていないため差戻しできません。', 'Only a submitted self-evaluation can be sent back.');
  }
  let until = defaultReopenUntil(context.now, context.submissionsDueAt);
  if (reopenUntil !== undefined) {
    const parsed = parseInstant(reopenUntil);
    if ('problem' in parsed) {
      const offset = missingOffsetMessage('reopenUntil');
      throw parsed.problem === 'offset'
        ? new DomainError('invalid', 'VALIDATION.INVALID_FIELD', offset.ja, offset.en, 'reopenUntil')
        : new DomainError('invalid', 'VALIDATION.INVALID_FIELD', '再提出期限は ISO 8601 の日時で指定してください。', 'reopenUntil is an ISO 8601 date-time.', 'reopenUntil');
    }
    if (parsed.at.getTime() <= context.now.getTime()) {
      throw new DomainError('invalid', 'VALIDATION.INVALID_FIELD', '再提出期限は現在より後にしてください。', 'reopenUntil must be in the future.', 'reopenUntil');
    }
    until = parsed.at.toISOString();
  }
  return [{ type: 'SubmissionReturned', data: { fiscalYear: context.fiscalYear, insurerCode: context.insurerCode, reason, returnedAt: context.now.toISOString(), reopenUntil: until } }];
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

/** What a municipal request is decided against: the 内示 in force (if any) and whether the grants are finalized. */
export interface DraftWindow {
  readonly draftTrialNumber: number | null;
  readonly finalized: boolean;
  /** Settlement years (`mhlw-fy2024-v1`): the 所要見込額 window of the year; requests only while it is open. */
  readonly requests?: RequestsWindow;
}

const YEN = /^(0|[1-9]\d{0,12})$/;

/**
 * 所要見込額 after 内示: only once a draft is published and before finalization, and in settlement years only while
 * the year's 所要見込額 window is open; the same amounts again are a no-op.
 */
export function requestMunicipalAmounts(amounts: { suishinYen: string; shienYen: string }, state: SubmissionState, context: SubmissionContext, window: DraftWindow): MunicipalAmountsRequested[] {
  if (window.requests) checkRequestsWindow(window.requests, context.now);
  if (window.finalized) {
    throw new DomainError('conflict', 'CALCULATION.FINALIZED', '交付額は確定済みのため所要見込額は変更できません。', 'The grants are finalized; requested amounts can no longer change.');
  }
  if (window.draftTrialNumber === null) {
    throw new DomainError('conflict', 'CALCULATION.NO_DRAFT', '所要見込額は内示の後に提出します。', 'Requested amounts are stated after the draft is published (内示).');
  }
  for (const key of ['suishinYen', 'shienYen'] as const) {
    if (typeof amounts[key] !== 'string' || !YEN.test(amounts[key])) {
      throw new DomainError('invalid', 'VALIDATION.INVALID_FIELD', '所要見込額は 0 以上の整数（円、文字列）です。', 'Requested amounts are whole yen ≥ 0, as decimal strings.', key);
    }
  }
  if (state.requested?.suishinYen === amounts.suishinYen && state.requested.shienYen === amounts.shienYen) return [];
  return [
    {
      type: 'MunicipalAmountsRequested',
      data: { fiscalYear: context.fiscalYear, insurerCode: context.insurerCode, ...amounts, draftTrialNumber: window.draftTrialNumber, requestedAt: context.now.toISOString() },
    },
  ];
}
