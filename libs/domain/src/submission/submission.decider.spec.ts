import { FY2024_MUNICIPAL_FRAMEWORK } from '../framework/shipped-frameworks';
import { IndicatorAnswer } from '../scoring/answer-points';
import { deciderSpecification } from '../testing/decider-specification';
import { AnswersSaved, DraftWindow, MunicipalAmountsRequested, selfAssessedIndicators, SubmissionContext, SubmissionReturned, SubmissionSubmitted } from './submission';
import { submissionDecider } from './submission.decider';

const now = new Date('2024-06-01T00:00:00.000Z');
const open: SubmissionContext = {
  fiscalYear: 'FY2024',
  insurerCode: '242055',
  phase: 'open',
  submissionsDueAt: '2024-07-31T08:00:00.000Z',
  framework: FY2024_MUNICIPAL_FRAMEWORK,
  now,
};
const closed: SubmissionContext = { ...open, phase: 'submissions_closed' };
const spec = deciderSpecification(submissionDecider);

const everyAnswer: Record<string, IndicatorAnswer> = Object.fromEntries(
  [...selfAssessedIndicators(FY2024_MUNICIPAL_FRAMEWORK).values()].map((indicator) => [
    indicator.id,
    indicator.answerType === 'yes_no' ? { answerType: 'yes_no', yes: true } : { answerType: 'choice', optionIds: [indicator.options[0].id] },
  ]),
);
const saved: AnswersSaved = { type: 'AnswersSaved', data: { fiscalYear: 'FY2024', insurerCode: '242055', answers: everyAnswer, savedAt: now.toISOString() } };
const submitted: SubmissionSubmitted = { type: 'SubmissionSubmitted', data: { fiscalYear: 'FY2024', insurerCode: '242055', submittedAt: now.toISOString() } };
/** A 差戻し as recorded before the reopening rule: no reopening date. */
const returned: SubmissionReturned = { type: 'SubmissionReturned', data: { fiscalYear: 'FY2024', insurerCode: '242055', reason: '根拠資料が不足', returnedAt: now.toISOString() } };
const firstId = Object.keys(everyAnswer)[0];

describe('an insurer’s self-evaluation, as a decider', () => {
  describe('while submissions are open', () => {
    it('saves answers as a draft', () => {
      spec.given([]).when({ type: 'SaveAnswers', answers: everyAnswer, context: open }).then([saved]);
    });

    it('submits once every self-assessed indicator is answered', () => {
      spec.given([saved]).when({ type: 'SubmitSubmission', context: open }).then([submitted]);
    });

    it('treats a repeated submit as a retry', () => {
      spec.given([saved, submitted]).when({ type: 'SubmitSubmission', context: open }).thenNothingHappened();
    });

    it('refuses a submission with unanswered indicators', () => {
      spec.given([]).when({ type: 'SubmitSubmission', context: open }).thenThrows('SUBMISSION.INCOMPLETE', 'conflict');
    });

    it('refuses changes to a submitted self-evaluation until it is sent back', () => {
      spec.given([saved, submitted]).when({ type: 'SaveAnswers', answers: everyAnswer, context: open }).thenThrows('SUBMISSION.ALREADY_SUBMITTED', 'conflict');
    });

    it('takes amended answers after 差戻し', () => {
      spec
        .given([saved, submitted, returned])
        .when({ type: 'SaveAnswers', answers: { [firstId]: everyAnswer[firstId] }, context: open })
        .then((events) => expect(events.map((e) => e.type)).toEqual(['AnswersSaved']));
    });

    it('sends back only what was submitted, with the reason', () => {
      spec.given([saved]).when({ type: 'ReturnSubmission', reason: '根拠資料が不足', context: open }).thenThrows('SUBMISSION.NOT_SUBMITTED', 'conflict');
      // No date named: REOPEN_RULE gives max(2024-06-01 + 14 days, the general deadline 2024-07-31T08:00Z) = the deadline.
      spec
        .given([saved, submitted])
        .when({ type: 'ReturnSubmission', reason: '根拠資料が不足', context: open })
        .then([{ ...returned, data: { ...returned.data, reopenUntil: '2024-07-31T08:00:00.000Z' } }]);
    });

    it('refuses answers after the deadline', () => {
      spec
        .given([])
        .when({ type: 'SaveAnswers', answers: everyAnswer, context: { ...open, now: new Date('2024-08-01T00:00:00.000Z') } })
        .thenThrows('SUBMISSION.DEADLINE_PASSED', 'conflict');
    });
  });

  describe('in the national review', () => {
    it('refuses new answers once submissions are closed', () => {
      spec.given([saved, submitted]).when({ type: 'SaveAnswers', answers: everyAnswer, context: closed }).thenThrows('SUBMISSION.CLOSED', 'conflict');
    });

    it('records an accepted answer', () => {
      spec
        .given([saved, submitted])
        .when({ type: 'ReviewAnswer', review: { indicatorId: firstId, decision: 'accepted' }, context: closed })
        .then([{ type: 'AnswerReviewed', data: { fiscalYear: 'FY2024', insurerCode: '242055', indicatorId: firstId, decision: 'accepted', reviewedAt: now.toISOString() } }]);
    });

    it('needs a reason and the corrected answer for a correction', () => {
      const given = spec.given([saved, submitted]);
      given.when({ type: 'ReviewAnswer', review: { indicatorId: firstId, decision: 'corrected' }, context: closed }).thenThrows('VALIDATION.INVALID_FIELD', 'invalid', 'answer');
      given
        .when({ type: 'ReviewAnswer', review: { indicatorId: firstId, decision: 'corrected', answer: everyAnswer[firstId] }, context: closed })
        .thenThrows('VALIDATION.INVALID_FIELD', 'invalid', 'reason');
    });

    it('reviews only submitted self-evaluations', () => {
      spec.given([saved]).when({ type: 'ReviewAnswer', review: { indicatorId: firstId, decision: 'accepted' }, context: closed }).thenThrows('SUBMISSION.NOT_SUBMITTED', 'conflict');
    });

    it('refuses reviews while submissions are still open', () => {
      spec.given([saved, submitted]).when({ type: 'ReviewAnswer', review: { indicatorId: firstId, decision: 'accepted' }, context: open }).thenThrows('REVIEW.NOT_OPEN', 'conflict');
    });
  });

  describe('a 差戻し reopening the submission past the general deadline', () => {
    const dueAt = '2024-07-31T08:00:00.000Z';
    const afterDeadline = new Date('2024-08-05T00:00:00.000Z');
    const late: SubmissionContext = { ...open, now: afterDeadline };
    const reopened = (reopenUntil: string, at = afterDeadline): SubmissionReturned => ({
      type: 'SubmissionReturned',
      data: { fiscalYear: 'FY2024', insurerCode: '242055', reason: '根拠資料が不足', returnedAt: at.toISOString(), reopenUntil },
    });

    it('records the date the prefecture names, given with its offset', () => {
      spec
        .given([saved, submitted])
        .when({ type: 'ReturnSubmission', reason: '根拠資料が不足', reopenUntil: '2024-08-20T17:00+09:00', context: late })
        .then([reopened('2024-08-20T08:00:00.000Z')]);
    });

    it('gives 14 days after the return when no date is named and the general deadline is earlier', () => {
      // 2024-08-05T00:00Z + 14 days = 2024-08-19T00:00Z, later than the general deadline 2024-07-31T08:00Z.
      spec.given([saved, submitted]).when({ type: 'ReturnSubmission', reason: '根拠資料が不足', context: late }).then([reopened('2024-08-19T00:00:00.000Z')]);
    });

    it('refuses a reopening date without an offset, or in the past', () => {
      const given = spec.given([saved, submitted]);
      const offset = given.when({ type: 'ReturnSubmission', reason: 'r', reopenUntil: '2024-08-20T17:00', context: late }).thenThrows('VALIDATION.INVALID_FIELD', 'invalid', 'reopenUntil');
      expect(offset.message).toContain('+09:00');
      given.when({ type: 'ReturnSubmission', reason: 'r', reopenUntil: '2024-08-01T00:00Z', context: late }).thenThrows('VALIDATION.INVALID_FIELD', 'invalid', 'reopenUntil');
    });

    it('lets the insurer amend and resubmit after the general deadline, until the date', () => {
      const history = [saved, submitted, reopened('2024-08-20T08:00:00.000Z')];
      spec.given(history).when({ type: 'SaveAnswers', answers: { [firstId]: everyAnswer[firstId] }, context: late }).then((events) => expect(events.map((e) => e.type)).toEqual(['AnswersSaved']));
      spec.given(history).when({ type: 'SubmitSubmission', context: late }).then([{ type: 'SubmissionSubmitted', data: { fiscalYear: 'FY2024', insurerCode: '242055', submittedAt: afterDeadline.toISOString() } }]);
    });

    it('closes again at the date, and once resubmitted', () => {
      const history = [saved, submitted, reopened('2024-08-20T08:00:00.000Z')];
      const after = { ...open, now: new Date('2024-08-20T08:00:00.001Z') };
      const refused = spec.given(history).when({ type: 'SubmitSubmission', context: after }).thenThrows('SUBMISSION.DEADLINE_PASSED', 'conflict');
      expect(refused.details).toEqual({ dueAt: '2024-08-20T08:00:00.000Z' });
      const resubmitted = { type: 'SubmissionSubmitted' as const, data: { fiscalYear: 'FY2024', insurerCode: '242055', submittedAt: afterDeadline.toISOString() } };
      // Resubmitted, the reopening is spent: past the general deadline nothing more can be saved.
      spec.given([...history, resubmitted]).when({ type: 'SaveAnswers', answers: everyAnswer, context: late }).thenThrows('SUBMISSION.DEADLINE_PASSED', 'conflict');
    });

    it('keeps the meaning of a return recorded without a date: nothing reopens past the general deadline', () => {
      spec.given([saved, submitted, returned]).when({ type: 'SubmitSubmission', context: late }).thenThrows('SUBMISSION.DEADLINE_PASSED', 'conflict');
      expect([saved, submitted, returned].reduce(submissionDecider.evolve, submissionDecider.initialState)).not.toHaveProperty('reopenUntil');
      expect(dueAt).toBe(open.submissionsDueAt);
    });

    it('never reopens once the year has left the open phase', () => {
      spec.given([saved, submitted, reopened('2024-08-20T08:00:00.000Z')]).when({ type: 'SubmitSubmission', context: { ...late, phase: 'submissions_closed' } }).thenThrows('SUBMISSION.CLOSED', 'conflict');
    });
  });
});

describe('所要見込額 after 内示 (RequestMunicipalAmounts)', () => {
  const amounts = { suishinYen: '1500000', shienYen: '0' };
  const afterDraft = { draftTrialNumber: 2, finalized: false };
  const scored: SubmissionContext = { ...open, phase: 'allocated' };
  const ask = (window: DraftWindow, given = amounts) => ({ type: 'RequestMunicipalAmounts' as const, amounts: given, window, context: scored });
  const requested: MunicipalAmountsRequested = {
    type: 'MunicipalAmountsRequested',
    data: { fiscalYear: 'FY2024', insurerCode: '242055', ...amounts, draftTrialNumber: 2, requestedAt: now.toISOString() },
  };

  it('records the request against the draft in force', () => {
    spec.given([saved, submitted]).when(ask(afterDraft)).then([requested]);
  });

  it('treats the same amounts again as a retry, and records changed ones', () => {
    spec.given([saved, submitted, requested]).when(ask(afterDraft)).thenNothingHappened();
    const changed = { suishinYen: '1400000', shienYen: '0' };
    spec.given([saved, submitted, requested]).when(ask(afterDraft, changed)).then([{ ...requested, data: { ...requested.data, ...changed } }]);
  });

  it('refuses before 内示, after finalization, and amounts that are not whole yen', () => {
    spec.given([saved, submitted]).when(ask({ draftTrialNumber: null, finalized: false })).thenThrows('CALCULATION.NO_DRAFT', 'conflict');
    spec.given([saved, submitted]).when(ask({ draftTrialNumber: 2, finalized: true })).thenThrows('CALCULATION.FINALIZED', 'conflict');
    spec.given([saved, submitted]).when(ask(afterDraft, { suishinYen: '1.5', shienYen: '0' })).thenThrows('VALIDATION.INVALID_FIELD', 'invalid');
  });

  it('in a settlement year, only while the 所要見込額 window is open (409 REQUESTS.WINDOW_NOT_OPEN / WINDOW_CLOSED)', () => {
    const requestsDueAt = '2024-06-15T08:00:00.000Z';
    const inWindow = { ...afterDraft, requests: { phase: 'requests_open' as const, requestsDueAt } };
    spec.given([saved, submitted]).when(ask(inWindow)).then([requested]);
    spec.given([saved, submitted]).when(ask({ ...afterDraft, requests: { phase: 'draft_published', requestsDueAt: undefined } })).thenThrows('REQUESTS.WINDOW_NOT_OPEN', 'conflict');
    spec.given([saved, submitted]).when(ask({ ...afterDraft, requests: { phase: 'requests_closed', requestsDueAt } })).thenThrows('REQUESTS.WINDOW_CLOSED', 'conflict');
    const late = { type: 'RequestMunicipalAmounts' as const, amounts, window: inWindow, context: { ...scored, now: new Date('2024-06-15T08:00:00.001Z') } };
    spec.given([saved, submitted]).when(late).thenThrows('REQUESTS.WINDOW_CLOSED', 'conflict');
  });
});
