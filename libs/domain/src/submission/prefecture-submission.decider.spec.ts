import { FY2021_PREFECTURAL_FRAMEWORK } from '../framework/shipped-frameworks';
import { IndicatorAnswer } from '../scoring/answer-points';
import { deciderSpecification } from '../testing/decider-specification';
import { PrefectureSubmissionContext, PrefectureSubmissionEvent } from './prefecture-submission';
import { PrefectureSubmissionCommand, prefectureSubmissionDecider } from './prefecture-submission.decider';
import { selfAssessedIndicators } from './submission';

const { given } = deciderSpecification(prefectureSubmissionDecider);

const now = new Date('2024-08-01T00:00:00.000Z');
const dueAt = '2024-08-31T08:00:00.000Z';
const open: PrefectureSubmissionContext = { fiscalYear: 'FY2024', prefectureCode: '24', phase: 'open', dueAt, framework: FY2021_PREFECTURAL_FRAMEWORK, now };
const closed: PrefectureSubmissionContext = { ...open, phase: 'submissions_closed', now: new Date('2024-09-15T00:00:00.000Z') };

const yes: IndicatorAnswer = { answerType: 'yes_no', yes: true };
const no: IndicatorAnswer = { answerType: 'yes_no', yes: false };
/** Every self-assessed prefectural indicator answered: yes/no with はい, choices with their first option. */
const everyAnswer: Record<string, IndicatorAnswer> = Object.fromEntries(
  [...selfAssessedIndicators(FY2021_PREFECTURAL_FRAMEWORK).values()].map((indicator) => [
    indicator.id,
    indicator.answerType === 'choice' ? { answerType: 'choice', optionIds: [indicator.options[0].id] } : yes,
  ]),
);
const amounts = { suishinYen: '21000000', shienYen: '20500000' };

const save = (answers: Record<string, IndicatorAnswer>, context = open): PrefectureSubmissionCommand => ({ type: 'SavePrefectureAnswers', answers, context });
const request = (requested = amounts, context = open): PrefectureSubmissionCommand => ({ type: 'SetRequestedAmounts', amounts: requested, context });
const submit = (context = open): PrefectureSubmissionCommand => ({ type: 'SubmitPrefectureSubmission', context });
const review = (decision: 'accepted' | 'corrected', extra: { answer?: IndicatorAnswer; reason?: string } = {}, context = closed): PrefectureSubmissionCommand => ({
  type: 'ReviewPrefectureAnswer',
  review: { indicatorId: 'pref-suishin-I-1', decision, ...extra },
  context,
});

const saved = (answers: Record<string, IndicatorAnswer>): PrefectureSubmissionEvent => ({
  type: 'PrefectureAnswersSaved',
  data: { fiscalYear: 'FY2024', prefectureCode: '24', answers, savedAt: now.toISOString() },
});
const amountsSet = (requested = amounts): PrefectureSubmissionEvent => ({
  type: 'RequestedAmountsSet',
  schemaVersion: 2,
  data: { fiscalYear: 'FY2024', prefectureCode: '24', ...requested, setAt: now.toISOString() },
});
const submitted: PrefectureSubmissionEvent = { type: 'PrefectureSubmissionSubmitted', data: { fiscalYear: 'FY2024', prefectureCode: '24', submittedAt: now.toISOString() } };
const complete = [saved(everyAnswer), amountsSet(), submitted];

describe('a prefecture saving its own answers', () => {
  it('records the answers of self-assessed prefectural indicators', () => {
    given([]).when(save({ 'pref-suishin-I-1': yes })).then([saved({ 'pref-suishin-I-1': yes })]);
  });

  it('takes a later change of an answer already saved', () => {
    given([saved({ 'pref-suishin-I-1': yes })]).when(save({ 'pref-suishin-I-1': no })).then([saved({ 'pref-suishin-I-1': no })]);
  });

  it('refuses no answers at all', () => { given([]).when(save({})).thenThrows('VALIDATION.INVALID_FIELD', 'invalid', 'answers'); });

  it('refuses an indicator of another framework, naming it', () => {
    given([]).when(save({ 'suishin-I-i-1': yes })).thenThrows('VALIDATION.INVALID_FIELD', 'invalid', 'answers.suishin-I-i-1');
  });

  it('refuses a numeric indicator: the ministry measures it', () => {
    given([]).when(save({ 'pref-suishin-II-4-2': yes })).thenThrows('VALIDATION.INVALID_FIELD', 'invalid', 'answers.pref-suishin-II-4-2');
  });

  it('refuses once submissions are closed', () => { given([]).when(save({ 'pref-suishin-I-1': yes }, closed)).thenThrows('SUBMISSION.CLOSED', 'conflict'); });

  it('refuses after the prefectures’ deadline', () => {
    given([]).when(save({ 'pref-suishin-I-1': yes }, { ...open, now: new Date('2024-09-01T00:00:00.000Z') })).thenThrows('SUBMISSION.DEADLINE_PASSED', 'conflict');
  });

  it('refuses to change a submitted self-evaluation', () => { given(complete).when(save({ 'pref-suishin-I-1': no })).thenThrows('SUBMISSION.ALREADY_SUBMITTED', 'conflict'); });
});

describe('setting the requested amounts (所要見込額)', () => {
  it('records whole yen as decimal strings, schema 2', () => { given([]).when(request()).then([amountsSet()]); });

  it('records a change', () => {
    given([amountsSet()]).when(request({ suishinYen: '0', shienYen: '1000' })).then([amountsSet({ suishinYen: '0', shienYen: '1000' })]);
  });

  it('treats the same amounts again as a retry', () => { given([amountsSet()]).when(request()).thenNothingHappened(); });

  it.each([
    ['a negative amount', { suishinYen: '-5', shienYen: '0' }, 'suishinYen'],
    ['a fraction', { suishinYen: '0', shienYen: '1.5' }, 'shienYen'],
    ['an exponent', { suishinYen: '1e9', shienYen: '0' }, 'suishinYen'],
    ['10 兆円 or more', { suishinYen: '0', shienYen: '10000000000000' }, 'shienYen'],
  ])('refuses %s, naming the field', (_label, requested, field) => { given([]).when(request(requested)).thenThrows('VALIDATION.INVALID_FIELD', 'invalid', field); });

  it('refuses after submission', () => { given(complete).when(request({ suishinYen: '5', shienYen: '5' })).thenThrows('SUBMISSION.ALREADY_SUBMITTED', 'conflict'); });
});

describe('submitting (提出)', () => {
  it('submits when every self-assessed indicator is answered and the amounts are set', () => {
    given([saved(everyAnswer), amountsSet()]).when(submit()).then([submitted]);
  });

  it('refuses without the requested amounts, listing them as missing', () => {
    const refusal = given([saved(everyAnswer)]).when(submit()).thenThrows('SUBMISSION.INCOMPLETE', 'conflict');
    expect(refusal.details).toEqual({ missing: ['requestedAmounts'] });
  });

  it('refuses with unanswered indicators, listing them', () => {
    const { 'pref-suishin-I-1': _left, ...partial } = everyAnswer;
    const refusal = given([saved(partial), amountsSet()]).when(submit()).thenThrows('SUBMISSION.INCOMPLETE', 'conflict');
    expect(refusal.details).toEqual({ missing: ['pref-suishin-I-1'] });
  });

  it('treats submitting again as a retry', () => { given(complete).when(submit()).thenNothingHappened(); });

  it('treats submitting again as a retry even after submissions closed', () => { given(complete).when(submit(closed)).thenNothingHappened(); });

  it('refuses once submissions are closed', () => { given([saved(everyAnswer), amountsSet()]).when(submit(closed)).thenThrows('SUBMISSION.CLOSED', 'conflict'); });
});

describe('the national review of a prefecture’s answer', () => {
  const reviewedAt = closed.now.toISOString();
  const base = { fiscalYear: 'FY2024', prefectureCode: '24', indicatorId: 'pref-suishin-I-1', reviewedAt };

  it('accepts an answer', () => { given(complete).when(review('accepted')).then([{ type: 'PrefectureAnswerReviewed', data: { ...base, decision: 'accepted' } }]); });

  it('corrects an answer with a reason, and the correction is what scoring uses', () => {
    given(complete)
      .when(review('corrected', { answer: no, reason: '計画が未策定のため。' }))
      .then((events) => {
        expect(events).toEqual([{ type: 'PrefectureAnswerReviewed', data: { ...base, decision: 'corrected', answer: no, reason: '計画が未策定のため。' } }]);
        const state = [...complete, ...events].reduce(prefectureSubmissionDecider.evolve, prefectureSubmissionDecider.initialState);
        expect(state.corrections).toEqual({ 'pref-suishin-I-1': no });
      });
  });

  it('refuses while submissions are open', () => { given(complete).when(review('accepted', {}, open)).thenThrows('REVIEW.NOT_OPEN', 'conflict'); });

  it('refuses a prefecture that has not submitted', () => { given([saved(everyAnswer)]).when(review('accepted')).thenThrows('SUBMISSION.NOT_SUBMITTED', 'conflict'); });

  it('refuses a correction without a reason', () => { given(complete).when(review('corrected', { answer: no })).thenThrows('VALIDATION.INVALID_FIELD', 'invalid', 'reason'); });

  it('refuses a correction without the corrected answer', () => { given(complete).when(review('corrected', { reason: 'x' })).thenThrows('VALIDATION.INVALID_FIELD', 'invalid', 'answer'); });

  it('refuses an indicator that is not self-assessed', () => {
    given(complete)
      .when({ type: 'ReviewPrefectureAnswer', review: { indicatorId: 'pref-suishin-II-4-2', decision: 'accepted' }, context: closed })
      .thenThrows('VALIDATION.INVALID_FIELD', 'invalid', 'indicatorId');
  });
});

describe('a prefecture’s 所要見込額 in a settlement year (mhlw-fy2024-v1)', () => {
  const requestsDueAt = '2024-11-15T08:00:00.000Z';
  const window = (phase: PrefectureSubmissionContext['phase'], at = new Date('2024-11-01T00:00:00.000Z')): PrefectureSubmissionContext => ({ ...open, phase, now: at, requests: { phase, requestsDueAt } });

  it('submits its answers without a 所要見込額, then states it in the window after 内示', () => {
    given([saved(everyAnswer)]).when(submit({ ...open, requests: { phase: 'open' } })).then([submitted]);
    given([saved(everyAnswer), submitted])
      .when(request(amounts, window('requests_open')))
      .then([{ type: 'RequestedAmountsSet', schemaVersion: 2, data: { fiscalYear: 'FY2024', prefectureCode: '24', ...amounts, setAt: '2024-11-01T00:00:00.000Z' } }]);
  });

  it('refuses it outside the window: before it opens and after its date or its close', () => {
    given([]).when(request(amounts, { ...open, requests: { phase: 'open' } })).thenThrows('REQUESTS.WINDOW_NOT_OPEN', 'conflict');
    given([saved(everyAnswer), submitted]).when(request(amounts, window('draft_published'))).thenThrows('REQUESTS.WINDOW_NOT_OPEN', 'conflict');
    given([saved(everyAnswer), submitted]).when(request(amounts, window('requests_open', new Date('2024-11-15T08:00:01.000Z')))).thenThrows('REQUESTS.WINDOW_CLOSED', 'conflict');
    given([saved(everyAnswer), submitted]).when(request(amounts, window('requests_closed'))).thenThrows('REQUESTS.WINDOW_CLOSED', 'conflict');
  });
});
