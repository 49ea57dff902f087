import { statisticView } from './get-indicator-statistics.handler';

describe('an indicator statistic as published', () => {
  it('rounds the mean and SD to three decimals and gives 該当率 from its count', () => {
    const p = 1 / 7;
    const view = statisticView({ indicatorId: 'y', grant: 'suishin', groupId: 'I-i', maxPoints: 3, n: 7, average: 3 / 7, median: 0, sd: 3 * Math.sqrt(p * (1 - p)), applicableRate: p });
    // 3/7 = 0.428571…; 3·√(1/7 · 6/7) = 3 × 0.349927… = 1.049781…; 1 of 7 = 14.3 %.
    expect(view).toEqual({ indicatorId: 'y', grant: 'suishin', groupId: 'I-i', maxPoints: 3, n: 7, average: 0.429, median: 0, sd: 1.05, applicableRate: '14.3%' });
  });
});
