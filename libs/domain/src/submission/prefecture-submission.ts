import { DomainError } from '../domain-error';
import { Framework } from '../framework/framework';
import { FiscalYearLabel, Phase } from '../fiscal-year/fiscal-year';
import { checkRequestsWindow, RequestsWindow } from '../fiscal-year/workflow';
import { answerPoints, IndicatorAnswer } from '../scoring/answer-points';
import { AnswerReview, checkReview, selfAssessedIndicators } from './submission';

type Answers = Readonly<Record<string, IndicatorAnswer>>;

export interface PrefectureAnswersSaved {
  readonly type: 'PrefectureAnswersSaved';
  readonly data: { readonly fiscalYear: FiscalYearLabel; readonly prefectureCode: string; readonly answers: Answers; readonly savedAt: string };
}
/** 所要見込額: what the prefecture expects to need per grant; its prefectural allocation is capped by it. */
export interface RequestedAmountsSet {
  readonly type: 'RequestedAmountsSet';
  /** 2: yen as decimal strings. Schema 1 recorded 千円 as JSON numbers; `requestedAmountsSetV1` reads it. */
  readonly schemaVersion?: number;
  readonly data: { readonly fiscalYear: FiscalYearLabel; readonly prefectureCode: string; readonly suishinYen: string; readonly shienYen: string; readonly setAt: string };
}
export interface PrefectureSubmissionSubmitted {
  readonly type: 'PrefectureSubmissionSubmitted';
  readonly data: { readonly fiscalYear: FiscalYearLabel; readonly prefectureCode: string; readonly submittedAt: string };
}

/** National review of one of the prefecture's answers: accepted, or corrected with a reason. */
export interface PrefectureAnswerReviewed {
  readonly type: 'PrefectureAnswerReviewed';
  readonly data: {
    readonly fiscalYear: FiscalYearLabel;
    readonly prefectureCode: string;
    readonly indicatorId: string;
    readonly decision: 'accepted' | 'corrected';
    readonly answer?: IndicatorAnswer;
    readonly reason?: string;
    readonly reviewedAt: string;
  };
}

export type PrefectureSubmissionEvent = PrefectureAnswersSaved | RequestedAmountsSet | PrefectureSubmissionSubmitted | PrefectureAnswerReviewed;
export const PREFECTURE_SUBMISSION_EVENT_TYPES: readonly PrefectureSubmissionEvent['type'][] = ['PrefectureAnswersSaved', 'RequestedAmountsSet', 'PrefectureSubmissionSubmitted', 'PrefectureAnswerReviewed'];

export interface PrefectureSubmissionState {
  readonly status: 'absent' | 'draft' | 'submitted';
  readonly answers: Answers;
  readonly corrections: Answers;
  readonly requested?: { readonly suishinYen: string; readonly shienYen: string };
}

export const initialPrefectureSubmissionState: PrefectureSubmissionState = { status: 'absent', answers: {}, corrections: {} };

/** The answers scoring uses: as submitted, with the national review's corrections applied. */
export function effectivePrefectureAnswers(state: PrefectureSubmissionState): Answers {
  return state.status === 'submitted' ? { ...state.answers, ...state.corrections } : {};
}

export function evolvePrefectureSubmission(state: PrefectureSubmissionState, event: PrefectureSubmissionEvent): PrefectureSubmissionState {
  switch (event.type) {
    case 'PrefectureAnswersSaved':
      return { ...state, status: 'draft', answers: { ...state.answers, ...event.data.answers } };
    case 'RequestedAmountsSet': {
      const { suishinYen, shienYen } = event.data;
      return { ...state, status: state.status === 'absent' ? 'draft' : state.status, requested: { suishinYen, shienYen } };
    }
    case 'PrefectureSubmissionSubmitted':
      return { ...state, status: 'submitted' };
    case 'PrefectureAnswerReviewed': {
      const data = event.data;
      if (data.decision === 'corrected' && data.answer) return { ...state, corrections: { ...state.corrections, [data.indicatorId]: data.answer } };
      const { [data.indicatorId]: _undone, ...corrections } = state.corrections;
      return { ...state, corrections };
    }
    default:
      return state;
  }
}

export interface PrefectureSubmissionContext {
  readonly fiscalYear: FiscalYearLabel;
  readonly prefectureCode: string;
  readonly phase: Phase;
  readonly dueAt: string;
  readonly framework: Framework;
  readonly now: Date;
  /**
   * Settlement years (`mhlw-fy2024-v1`): the year's 所要見込額 window. The prefecture then states its 所要見込額 in
   * that window, after 内示, not with its answers: submitting no longer waits for it.
   */
  readonly requests?: RequestsWindow;
}

const YEN = /^(0|[1-9]\d{0,12})$/;

function requireEditable(state: PrefectureSubmissionState, context: PrefectureSubmissionContext): void {
  if (context.phase !== 'open') {
    throw new DomainError('conflict', 'SUBMISSION.CLOSED', '提出の受付は終了しています。', 'Submissions are closed for this fiscal year.', undefined, { phase: context.phase });
  }
  if (context.now.getTime() > Date.parse(context.dueAt)) {
    throw new DomainError('conflict', 'SUBMISSION.DEADLINE_PASSED', `都道府県の提出期限（${context.dueAt}）を過ぎています。`, `The prefectures' deadline ${context.dueAt} has passed.`, undefined, { dueAt: context.dueAt });
  }
  if (state.status === 'submitted') {
    throw new DomainError('conflict', 'SUBMISSION.ALREADY_SUBMITTED', '提出済みのため修正できません。', 'Already submitted; it can no longer be changed.');
  }
}

export function savePrefectureAnswers(answers: Answers, state: PrefectureSubmissionState, context: PrefectureSubmissionContext): PrefectureAnswersSaved[] {
  requireEditable(state, context);
  const indicators = selfAssessedIndicators(context.framework);
  if (Object.keys(answers).length === 0) throw new DomainError('invalid', 'VALIDATION.INVALID_FIELD', '回答が空です。', 'No answers were given.', 'answers');
  for (const [id, answer] of Object.entries(answers)) {
    const indicator = indicators.get(id);
    if (!indicator) throw new DomainError('invalid', 'VALIDATION.INVALID_FIELD', `指標 ${id} は都道府県の自己評価の指標ではありません。`, `${id} is not a self-assessed prefectural indicator.`, `answers.${id}`);
    answerPoints(indicator, answer, `answers.${id}`);
  }
  return [{ type: 'PrefectureAnswersSaved', data: { fiscalYear: context.fiscalYear, prefectureCode: context.prefectureCode, answers, savedAt: context.now.toISOString() } }];
}

export const REQUESTED_AMOUNTS_SCHEMA = 2;

/**
 * Upcaster of RequestedAmountsSet schema 1, as the first release recorded it: 所要見込額 in 千円 as JSON numbers
 * (`suishinThousandYen`, `shienThousandYen`), as prefectures write them on the form. Schema 2 keeps exact yen as
 * decimal strings (the money rule). Stored events are never rewritten; readers upcast them on the way in.
 */
export const requestedAmountsSetV1 = {
  type: 'RequestedAmountsSet',
  fromVersion: 1,
  upcast(data: Readonly<Record<string, unknown>>): { [key: string]: string | number | boolean | null } {
    const { suishinThousandYen, shienThousandYen, ...rest } = data as Record<string, string>;
    if (suishinThousandYen === undefined && shienThousandYen === undefined) return data as Record<string, string>; // already yen
    const yen = (thousands: unknown) => {
      if (typeof thousands !== 'number' || !Number.isSafeInteger(thousands) || thousands < 0) throw new Error(`RequestedAmountsSet schema 1: not a whole number of 千円: ${String(thousands)}`);
      return (BigInt(thousands) * 1000n).toString();
    };
    return { ...rest, suishinYen: yen(suishinThousandYen), shienYen: yen(shienThousandYen) };
  },
} as const;

export function setRequestedAmounts(amounts: { suishinYen: string; shienYen: string }, state: PrefectureSubmissionState, context: PrefectureSubmissionContext): RequestedAmountsSet[] {
  if (context.requests) checkRequestsWindow(context.requests, context.now);
  else requireEditable(state, context);
  for (const key of ['suishinYen', 'shienYen'] as const) {
    if (typeof amounts[key] !== 'string' || !YEN.test(amounts[key])) {
      throw new DomainError('invalid', 'VALIDATION.INVALID_FIELD', '所要見込額は 0 以上の整数（円、文字列）です。', 'Requested amounts are whole yen ≥ 0, as decimal strings.', key);
    }
  }
  if (state.requested?.suishinYen === amounts.suishinYen && state.requested.shienYen === amounts.shienYen) return [];
  return [
    {
      type: 'RequestedAmountsSet',
      schemaVersion: REQUESTED_AMOUNTS_SCHEMA,
      data: { fiscalYear: context.fiscalYear, prefectureCode: context.prefectureCode, ...amounts, setAt: context.now.toISOString() },
    },
  ];
}

export function submitPrefecture(state: PrefectureSubmissionState, context: PrefectureSubmissionContext): PrefectureSubmissionSubmitted[] {
  if (state.status === 'submitted') return [];
  requireEditable(state, context);
  const missing = [...selfAssessedIndicators(context.framework).keys()].filter((id) => state.answers[id] === undefined);
  if (!state.requested && !context.requests) missing.push('requestedAmounts');
  if (missing.length > 0) {
    throw new DomainError('conflict', 'SUBMISSION.INCOMPLETE', `未入力の項目が ${missing.length} 件あります。`, `${missing.length} item(s) are missing.`, undefined, { missing });
  }
  return [{ type: 'PrefectureSubmissionSubmitted', data: { fiscalYear: context.fiscalYear, prefectureCode: context.prefectureCode, submittedAt: context.now.toISOString() } }];
}

export function reviewPrefectureAnswer(review: AnswerReview, state: PrefectureSubmissionState, context: PrefectureSubmissionContext): PrefectureAnswerReviewed[] {
  checkReview(review, state.status === 'submitted', context, { ja: '都道府県', en: 'prefecture' });
  return [
    {
      type: 'PrefectureAnswerReviewed',
      data: {
        fiscalYear: context.fiscalYear,
        prefectureCode: context.prefectureCode,
        indicatorId: review.indicatorId,
        decision: review.decision,
        ...(review.decision === 'corrected' && { answer: review.answer, reason: review.reason }),
        reviewedAt: context.now.toISOString(),
      },
    },
  ];
}
