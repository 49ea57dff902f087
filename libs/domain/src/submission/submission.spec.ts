import fc from 'fast-check';
import { refusal } from '../testing/refusal';
import { frameworkIndicators } from '../framework/framework';
import { FY2024_MUNICIPAL_FRAMEWORK } from '../framework/shipped-frameworks';
import { IndicatorAnswer } from '../scoring/answer-points';
import {
  effectiveAnswers,
  evolveSubmission,
  initialSubmissionState,
  returnSubmission,
  reviewAnswer,
  saveAnswers,
  selfAssessedIndicators,
  submit,
  SubmissionContext,
  SubmissionEvent,
  SubmissionState,
} from './submission';

const now = new Date('2024-06-01T00:00:00.000Z');
const context: SubmissionContext = {
  fiscalYear: 'FY2024',
  insurerCode: '242055',
  phase: 'open',
  submissionsDueAt: '2024-07-31T08:00:00.000Z',
  framework: FY2024_MUNICIPAL_FRAMEWORK,
  now,
};
const closed: SubmissionContext = { ...context, phase: 'submissions_closed' };
const fold = (events: readonly SubmissionEvent[]) => events.reduce<SubmissionState>(evolveSubmission, initialSubmissionState);

function full(): Record<string, IndicatorAnswer> {
  const answers: Record<string, IndicatorAnswer> = {};
  for (const indicator of selfAssessedIndicators(FY2024_MUNICIPAL_FRAMEWORK).values()) {
    answers[indicator.id] =
      indicator.answerType === 'yes_no' ? { answerType: 'yes_no', yes: true } : { answerType: 'choice', optionIds: [indicator.options[0].id] };
  }
  return answers;
}

describe('insurer self-evaluation', () => {
  const saved = saveAnswers(full(), initialSubmissionState, context);
  const submitted = [...saved, ...submit(fold(saved), context)];

  it('saves answers as a draft and submits them when complete', () => {
    expect(fold(saved).status).toBe('draft');
    expect(fold(submitted).status).toBe('submitted');
    expect(effectiveAnswers(fold(saved))).toEqual({});
    expect(effectiveAnswers(fold(submitted))).toEqual(full());
  });

  it('refuses an incomplete submission, listing what is missing', () => {
    const partial = saveAnswers({ 'suishin-I-i-1': { answerType: 'yes_no', yes: true } }, initialSubmissionState, context);
    const error = refusal(() => submit(fold(partial), context));
    expect(error).toMatchObject({ code: 'SUBMISSION.INCOMPLETE', kind: 'conflict' });
    expect((error.details as { missing: string[] }).missing).not.toContain('suishin-I-i-1');
  });

  it('treats a repeated submit as a retry', () => expect(submit(fold(submitted), context)).toEqual([]));

  it('refuses amendments once submitted, and after the deadline or the phase', () => {
    expect(refusal(() => saveAnswers(full(), fold(submitted), context)).code).toBe('SUBMISSION.ALREADY_SUBMITTED');
    expect(refusal(() => saveAnswers(full(), initialSubmissionState, { ...context, now: new Date('2024-08-01T00:00:00Z') })).code).toBe('SUBMISSION.DEADLINE_PASSED');
    expect(refusal(() => saveAnswers(full(), initialSubmissionState, closed)).code).toBe('SUBMISSION.CLOSED');
  });

  it('rejects answers to unknown or numeric indicators and answers that do not fit, naming the field', () => {
    expect(refusal(() => saveAnswers({ 'no-such': { answerType: 'yes_no', yes: true } }, initialSubmissionState, context))).toMatchObject({ kind: 'invalid', field: 'answers.no-such' });
    expect(refusal(() => saveAnswers({ 'suishin-I-ii-1': { answerType: 'yes_no', yes: true } }, initialSubmissionState, context))).toMatchObject({ field: 'answers.suishin-I-ii-1' });
    expect(refusal(() => saveAnswers({ 'suishin-I-i-2': { answerType: 'choice', optionIds: ['zz'] } }, initialSubmissionState, context))).toMatchObject({ kind: 'invalid' });
  });

  it('can be sent back (差戻し) with a reason, amended and resubmitted', () => {
    const returned = [...submitted, ...returnSubmission('根拠資料不足', fold(submitted), context)];
    expect(fold(returned).status).toBe('returned');
    const amended = [...returned, ...saveAnswers({ 'suishin-I-i-1': { answerType: 'yes_no', yes: false } }, fold(returned), context)];
    expect(fold(amended).status).toBe('returned');
    const resubmitted = [...amended, ...submit(fold(amended), context)];
    expect(fold(resubmitted).status).toBe('submitted');
    expect(effectiveAnswers(fold(resubmitted))['suishin-I-i-1']).toEqual({ answerType: 'yes_no', yes: false });
    expect(refusal(() => returnSubmission('x', fold(saved), context)).code).toBe('SUBMISSION.NOT_SUBMITTED');
  });

  it('lets reviewers correct an answer with a reason only after submissions close', () => {
    const correction = { indicatorId: 'suishin-I-i-1', decision: 'corrected' as const, answer: { answerType: 'yes_no' as const, yes: false }, reason: '確認できず' };
    expect(refusal(() => reviewAnswer(correction, fold(submitted), context)).code).toBe('REVIEW.NOT_OPEN');
    const reviewed = [...submitted, ...reviewAnswer(correction, fold(submitted), closed)];
    expect(effectiveAnswers(fold(reviewed))['suishin-I-i-1']).toEqual({ answerType: 'yes_no', yes: false });
    expect(refusal(() => reviewAnswer({ ...correction, reason: undefined }, fold(submitted), closed))).toMatchObject({ field: 'reason' });
    expect(refusal(() => reviewAnswer({ ...correction, answer: undefined }, fold(submitted), closed))).toMatchObject({ field: 'answer' });
    expect(refusal(() => reviewAnswer(correction, fold(saved), closed)).code).toBe('SUBMISSION.NOT_SUBMITTED');
  });

  it('folds any sequence of accepted commands the same way twice, and never keeps an answer to an unknown indicator', () => {
    const ids = [...selfAssessedIndicators(FY2024_MUNICIPAL_FRAMEWORK).keys(), 'unknown-1', 'suishin-I-ii-1'];
    const numeric = new Set(frameworkIndicators(FY2024_MUNICIPAL_FRAMEWORK).filter((l) => l.indicator.answerType === 'numeric').map((l) => l.indicator.id));
    const command = fc.oneof(
      fc.record({ kind: fc.constant('save' as const), id: fc.constantFrom(...ids), yes: fc.boolean() }),
      fc.record({ kind: fc.constant('submit' as const) }),
      fc.record({ kind: fc.constant('return' as const) }),
    );
    fc.assert(
      fc.property(fc.array(command, { maxLength: 25 }), (commands) => {
        const events: SubmissionEvent[] = [];
        for (const c of commands) {
          try {
            const state = fold(events);
            if (c.kind === 'save') events.push(...saveAnswers({ [c.id]: { answerType: 'yes_no', yes: c.yes } }, state, context));
            if (c.kind === 'submit') events.push(...submit(state, context));
            if (c.kind === 'return') events.push(...returnSubmission('理由', state, context));
          } catch (error) {
            expect(error).toBeInstanceOf(Error);
          }
        }
        const state = fold(events);
        expect(fold(events)).toEqual(state);
        for (const id of Object.keys(state.answers)) {
          expect(id).not.toBe('unknown-1');
          expect(numeric.has(id)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});
