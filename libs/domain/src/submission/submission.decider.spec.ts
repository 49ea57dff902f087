import { FY2024_MUNICIPAL_FRAMEWORK } from '../framework/shipped-frameworks';
import { IndicatorAnswer } from '../scoring/answer-points';
import { deciderSpecification } from '../testing/decider-specification';
import { AnswersSaved, selfAssessedIndicators, SubmissionContext, SubmissionReturned, SubmissionSubmitted } from './submission';
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
      spec.given([saved, submitted]).when({ type: 'ReturnSubmission', reason: '根拠資料が不足', context: open }).then([returned]);
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
});
