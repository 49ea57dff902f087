import { FY2024_MUNICIPAL_FRAMEWORK } from '../framework/shipped-frameworks';
import { scoreInsurer } from './score-insurer';

const framework = FY2024_MUNICIPAL_FRAMEWORK;

describe('scoreInsurer', () => {
  it('scores an insurer with no answers and no numeric points as 0 of 800, with every group present', () => {
    const score = scoreInsurer(framework, { code: '242055', answers: {} });
    expect([score.score, score.maxPoints, score.rate.display]).toEqual([0, 800, '0.0%']);
    expect(score.grants.flatMap((g) => g.goals.flatMap((goal) => goal.groups))).toHaveLength(14);
  });

  it('adds self-assessed answers and numeric band points into group, goal, grant and total', () => {
    const score = scoreInsurer(framework, {
      code: '242055',
      answers: {
        'suishin-I-i-1': { answerType: 'yes_no', yes: true },
        'suishin-I-i-2': { answerType: 'choice', optionIds: ['b'] },
      },
      numericPoints: { 'suishin-I-ii-2': 9, 'shien-IV-outcome-1': 30 },
    });
    const suishinGoalI = score.grants[0].goals[0];
    expect(suishinGoalI.groups.map((g) => [g.groupId, g.score])).toEqual([
      ['I-i', 22],
      ['I-ii', 9],
    ]);
    expect([suishinGoalI.score, score.grants[0].score, score.grants[1].score, score.score]).toEqual([31, 31, 30, 61]);
  });

  it('rejects answers to unknown or numeric indicators, and points that are no band of the indicator', () => {
    const call = (input: Parameters<typeof scoreInsurer>[1]) => () => scoreInsurer(framework, input);
    expect(call({ code: 'x', answers: { 'suishin-I-i-9': { answerType: 'yes_no', yes: true } } })).toThrow(
      expect.objectContaining({ reason: 'UNKNOWN_INDICATOR', field: 'answers.suishin-I-i-9' }),
    );
    expect(call({ code: 'x', answers: { 'suishin-I-ii-1': { answerType: 'yes_no', yes: true } } })).toThrow(
      expect.objectContaining({ reason: 'NOT_SELF_ASSESSED' }),
    );
    expect(call({ code: 'x', answers: {}, numericPoints: { 'suishin-I-ii-1': 7 } })).toThrow(
      expect.objectContaining({ reason: 'POINTS_NOT_IN_BANDS', field: 'numericPoints.suishin-I-ii-1' }),
    );
    expect(call({ code: 'x', answers: {}, numericPoints: { 'suishin-I-i-1': 12 } })).toThrow(
      expect.objectContaining({ reason: 'NOT_NUMERIC' }),
    );
    expect(call({ code: 'x', answers: {}, numericPoints: { toString: 0 } })).toThrow(
      expect.objectContaining({ reason: 'UNKNOWN_INDICATOR' }),
    );
  });
});
