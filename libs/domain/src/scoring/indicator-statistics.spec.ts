import { Framework } from '../framework/framework';
import { parseFramework } from '../framework/parse-framework';
import { indicatorStatistics, pointsStatistics } from './indicator-statistics';
import { NationalInsurerInput, scoreNation } from './score-nation';
import { scoresCalculated } from './scores-calculated';

/** A small v2 municipal framework: one 0/3 yes-no item and one 0/4 choice in 推進 I-i, a 4-point shared IV. */
const framework: Framework = parseFramework({
  frameworkVersion: 2, fiscalYear: 'FY2023', activityYear: 'FY2022', level: 'municipal', title: 't',
  sharedGroups: [{ id: 'IV-outcome', kind: 'outcome', title: '成果', maxPoints: 4, countsIn: ['suishin', 'shien'],
    indicators: [{ id: 'IV-1', number: '1', evaluatedBy: 'mhlw', label: 'iv', points: 4, answerType: 'numeric', direction: 'higherIsBetter', bands: 'quartiles' }] }],
  grants: [
    { grant: 'suishin', title: '推進', maxPoints: 11, goals: [
      { id: 'I', title: 'I', groups: [{ id: 'I-i', kind: 'i', title: '体制', maxPoints: 7, indicators: [
        { id: 'y3', number: '1', evaluatedBy: 'insurer', label: 'y', points: 3, answerType: 'yes_no' },
        { id: 'c4', number: '2', evaluatedBy: 'insurer', label: 'c', points: 4, answerType: 'choice', selection: 'multiple',
          options: [{ id: 'a', label: 'ア', points: 1 }, { id: 'b', label: 'イ', points: 3 }] },
      ] }] },
      { id: 'IV', title: 'IV', sharedGroup: 'IV-outcome' }] },
    { grant: 'shien', title: '支援', maxPoints: 4, goals: [{ id: 'IV', title: 'IV', sharedGroup: 'IV-outcome' }] },
  ],
});

describe('national statistics per indicator', () => {
  it('gives mean, median (even n: mean of the middle two), population SD and 該当率', () => {
    expect(pointsStatistics([0, 0, 3, 3])).toEqual({ n: 4, average: 1.5, median: 1.5, sd: 1.5, applicableRate: 0.5 });
    expect(pointsStatistics([4, 1, 0])).toEqual({ n: 3, average: 5 / 3, median: 1, sd: Math.sqrt(26 / 9), applicableRate: 2 / 3 });
    expect(() => pointsStatistics([])).toThrow(RangeError);
  });

  it('computes them for a hand-worked nation of five, a shared item counted once per insurer', () => {
    const yes = { answerType: 'yes_no', yes: true } as const;
    const choice = (...optionIds: string[]) => ({ answerType: 'choice', optionIds }) as const;
    const insurers: NationalInsurerInput[] = [
      { code: '100001', prefectureCode: '24', answers: { y3: yes, c4: choice('a', 'b') } },
      { code: '100002', prefectureCode: '24', answers: { c4: choice('b') } },
      { code: '100003', prefectureCode: '24', answers: { c4: choice('a') } },
      { code: '100004', prefectureCode: '13', answers: {} },
      { code: '100005', prefectureCode: '13', answers: {} },
    ];
    const figures = { 'IV-1': insurers.map((insurer, i) => ({ code: insurer.code, value: 50 - i })) };
    const national = scoreNation(framework, { insurers, figures });
    const stats = indicatorStatistics(national);
    expect(stats.map((s) => [s.indicatorId, s.grant, s.groupId, s.maxPoints, s.n])).toEqual([
      ['y3', 'suishin', 'I-i', 3, 5],
      ['c4', 'suishin', 'I-i', 4, 5],
      ['IV-1', 'suishin', 'IV-outcome', 4, 5],
    ]);
    // y3: one of five has 3 points: p = 0.2, mean 0.6, median 0, SD 3·√(p(1−p)) = 3 × 0.4 = 1.2, 該当率 20 %.
    const [y3, c4, iv] = stats;
    expect(y3).toMatchObject({ average: 0.6, median: 0, applicableRate: 0.2 });
    expect(y3.sd).toBeCloseTo(3 * Math.sqrt(0.2 * 0.8), 12);
    // c4: 4, 3, 1, 0, 0: mean 8/5, median 1, variance (2.4² + 1.4² + 0.6² + 1.6² + 1.6²)/5 = 13.2/5, 該当率 3/5.
    expect(c4).toMatchObject({ average: 1.6, median: 1, applicableRate: 0.6 });
    expect(c4.sd).toBeCloseTo(Math.sqrt(13.2 / 5), 12);
    // IV-1 (quartiles of 4 at ⌊p·5⌋ = 3 / 2 / 1 / 0): ranks 1 … 5 score 3, 2, 1, 0, 0.
    expect(national.insurers.map((s) => s.grants[0].goals[1].groups[0].score)).toEqual([3, 2, 1, 0, 0]);
    expect(iv).toMatchObject({ average: 1.2, median: 1, applicableRate: 0.6 });
    expect(iv.sd).toBeCloseTo(Math.sqrt((1.8 ** 2 + 0.8 ** 2 + 0.2 ** 2 + 1.2 ** 2 + 1.2 ** 2) / 5), 12);
  });

  it('are recorded in ScoresCalculated for both levels', () => {
    const insurers = [{ code: '100001', prefectureCode: '24', answers: {} }];
    const national = scoreNation(framework, { insurers, figures: {} });
    const event = scoresCalculated(national, national, 'FY2023', 'x', new Date(0), { sizeBands: new Map(), activityYear: 'FY2022' });
    expect(event.data.activityYear).toBe('FY2022');
    expect(event.data.indicatorStatistics?.municipal.map((s) => s.indicatorId)).toEqual(['y3', 'c4', 'IV-1']);
    expect(event.data.indicatorStatistics?.prefectural).toHaveLength(3);
  });
});
