import { ChoiceIndicator, YesNoIndicator } from '../framework/framework';
import { answerPoints } from './answer-points';

const yesNo: YesNoIndicator = { id: 'care-plan-check', label: 'ケアプラン点検を実施している', points: 12, answerType: 'yes_no' };
const single: ChoiceIndicator = {
  id: 'certification-check',
  label: '認定調査票を点検している',
  points: 20,
  answerType: 'choice',
  selection: 'single',
  options: [
    { id: 'all', label: '全件', points: 20 },
    { id: 'some', label: '一部', points: 12 },
    { id: 'none', label: '未実施', points: 0 },
  ],
};
const multiple: ChoiceIndicator = {
  id: 'workforce',
  label: '介護人材の確保に取り組んでいる',
  points: 12,
  answerType: 'choice',
  selection: 'multiple',
  options: [
    { id: 'a', label: '入門的研修', points: 6 },
    { id: 'b', label: '外国人材', points: 6 },
    { id: 'c', label: 'ハラスメント対策', points: 6 },
  ],
};

describe('answerPoints', () => {
  it('gives a yes its points and a no nothing', () => {
    expect(answerPoints(yesNo, { answerType: 'yes_no', yes: true })).toBe(12);
    expect(answerPoints(yesNo, { answerType: 'yes_no', yes: false })).toBe(0);
  });

  it('scores a missing answer as 0', () => {
    expect(answerPoints(yesNo, undefined)).toBe(0);
    expect(answerPoints(single, undefined)).toBe(0);
  });

  it('gives a single choice the points of the chosen option, and nothing when none is chosen', () => {
    expect(answerPoints(single, { answerType: 'choice', optionIds: ['some'] })).toBe(12);
    expect(answerPoints(single, { answerType: 'choice', optionIds: [] })).toBe(0);
  });

  it('sums a multiple choice and caps it at the indicator points', () => {
    expect(answerPoints(multiple, { answerType: 'choice', optionIds: ['a'] })).toBe(6);
    expect(answerPoints(multiple, { answerType: 'choice', optionIds: ['c', 'a', 'b'] })).toBe(12);
  });

  it('rejects answers that do not fit the indicator', () => {
    expect(() => answerPoints(yesNo, { answerType: 'choice', optionIds: [] })).toThrow(
      expect.objectContaining({ code: 'SCORING.INVALID_INPUT', reason: 'ANSWER_TYPE_MISMATCH' }),
    );
    expect(() => answerPoints(single, { answerType: 'choice', optionIds: ['all', 'some'] })).toThrow(
      expect.objectContaining({ reason: 'TOO_MANY_OPTIONS', field: 'answers.certification-check' }),
    );
    expect(() => answerPoints(multiple, { answerType: 'choice', optionIds: ['a', 'a'] })).toThrow(
      expect.objectContaining({ reason: 'DUPLICATE_OPTION' }),
    );
    expect(() => answerPoints(multiple, { answerType: 'choice', optionIds: ['z'] })).toThrow(
      expect.objectContaining({ reason: 'UNKNOWN_OPTION' }),
    );
  });
});
