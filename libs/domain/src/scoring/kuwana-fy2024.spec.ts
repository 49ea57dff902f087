import { ChoiceIndicator, frameworkIndicators, NumericIndicator } from '../framework/framework';
import { FY2024_MUNICIPAL_FRAMEWORK } from '../framework/shipped-frameworks';
import { checkDigit, isValidLocalGovernmentCode } from '../recipients/local-government-code';
import { IndicatorAnswer } from './answer-points';
import { NationalFigure } from './percentile-bands';
import { NationalInsurerInput, scoreNation } from './score-nation';
import { scoreTable } from './score-table';

/*
 * Golden example: Kuwana city (桑名市, 242055, 三重県), FY2024 municipal, as published (DOMAIN.md):
 * 推進 64, 18, 52, 28, 46, 15, 70 = 293/400; 支援 47, 28, 64, 30, 68, 20, 70 = 327/400; total 620/800;
 * national rank 10, 1st in Mie. The framework's indicators are illustrative, so the answers below are chosen to
 * produce the published group scores with them.
 *
 * The synthetic nation has 30 insurers: Kuwana, 9 "leaders" (every self-assessed item met) and 20 "others" (only the
 * yes/no items met), 7 of the 30 in Mie. National figures are laid out as rankings: for each numeric indicator the
 * fixture gives every insurer a position 1…30 and turns it into a value (falling for higherIsBetter, rising for
 * lowerIsBetter). With n = 30 the band thresholds are ceil(30·10/100) = 3, ceil(30·30/100) = 9 and
 * ceil(30·50/100) = 15, so Kuwana is put at position 2 for the top-10% band, 6 for top 30%, 12 for top 50% and 20 for
 * no band. The leaders fill the best free positions (rotating, so each gets a mix of bands) and the others the rest.
 * An others' figure is missing on one indicator (n = 29 there: the thresholds stay 3, 9, 15) and another other ties
 * with Kuwana on one indicator (both share rank 12 and the top-50% points).
 */

const code = (first5: string) => `${first5}${checkDigit(first5)}`;
const KUWANA = code('24205');
const LEADERS = ['01100', '04100', '13101', '14100', '23100', '26100', '27100', '28100', '40130'].map(code);
const MIE_OTHERS = ['24201', '24202', '24203', '24204', '24207', '24208'].map(code);
const OTHERS = [
  ...MIE_OTHERS,
  ...['02201', '03201', '05201', '06201', '07201', '08201', '09201', '10201', '11100', '12100', '15100', '16201'],
  ...['17201', '47201'],
].map((c) => (c.length === 5 ? code(c) : c));
const NAHA = code('47201');
const TSU = code('24201');

/** Kuwana's band per numeric indicator: 0 = top 10%, 1 = top 30%, 2 = top 50%, null = no band. */
const KUWANA_BANDS: Readonly<Record<string, 0 | 1 | 2 | null>> = {
  'suishin-I-ii-1': 0, // 12
  'suishin-I-ii-2': 2, // 6
  'suishin-I-ii-3': null, // 0 → I-ii 18
  'suishin-II-ii-1': 0, // 12
  'suishin-II-ii-2': 0, // 10
  'suishin-II-ii-3': 1, // 6 → II-ii 28
  'suishin-III-ii-1': 1, // 8
  'suishin-III-ii-2': 2, // 3
  'suishin-III-ii-3': 2, // 4 → III-ii 15
  'suishin-IV-outcome-1': 0, // 25
  'suishin-IV-outcome-2': 0, // 25
  'suishin-IV-outcome-3': 1, // 15
  'suishin-IV-outcome-4': 2, // 5 → IV 70
  'shien-I-ii-1': 0, // 12
  'shien-I-ii-2': 0, // 12
  'shien-I-ii-3': 2, // 4
  'shien-I-ii-4': null, // 0 → I-ii 28
  'shien-II-ii-1': 0, // 12
  'shien-II-ii-2': 0, // 12
  'shien-II-ii-3': 2, // 6 → II-ii 30
  'shien-III-ii-1': 1, // 10
  'shien-III-ii-2': 1, // 10 → III-ii 20
  'shien-IV-outcome-1': 0, // 30
  'shien-IV-outcome-2': 1, // 20
  'shien-IV-outcome-3': 0, // 20
  'shien-IV-outcome-4': null, // 0 → IV 70
};
const POSITION_OF_BAND = { 0: 2, 1: 6, 2: 12 } as const;
const NO_BAND_POSITION = 20;

const yes = (): IndicatorAnswer => ({ answerType: 'yes_no', yes: true });
const no = (): IndicatorAnswer => ({ answerType: 'yes_no', yes: false });
const pick = (...optionIds: string[]): IndicatorAnswer => ({ answerType: 'choice', optionIds });

/** Kuwana's self-assessment, with the deductions (減点) that give the published group scores. */
const KUWANA_ANSWERS: Readonly<Record<string, IndicatorAnswer>> = {
  // 推進 I-i: everything met → 64.
  'suishin-I-i-1': yes(),
  'suishin-I-i-2': pick('a'),
  'suishin-I-i-3': yes(),
  'suishin-I-i-4': pick('a', 'b', 'c', 'd'),
  // 推進 II-i: 20 + 12 + (4 + 4) + 12 = 52; no 住宅改修 / 福祉用具 check.
  'suishin-II-i-1': pick('a'),
  'suishin-II-i-2': yes(),
  'suishin-II-i-3': pick('c', 'd'),
  'suishin-II-i-4': yes(),
  // 推進 III-i: 16 + 12 + 18 + 0 = 46; no 潜在人材, no 文書負担軽減.
  'suishin-III-i-1': pick('a'),
  'suishin-III-i-2': yes(),
  'suishin-III-i-3': pick('a', 'b', 'c'),
  'suishin-III-i-4': no(),
  // 支援 I-i: 16 + 10 + (4 + 4 + 3) + 10 = 47; no data analysis for the 一体的実施.
  'shien-I-i-1': pick('a'),
  'shien-I-i-2': yes(),
  'shien-I-i-3': pick('b', 'c', 'd'),
  'shien-I-i-4': yes(),
  // 支援 II-i: everything met → 64.
  'shien-II-i-1': yes(),
  'shien-II-i-2': pick('a'),
  'shien-II-i-3': pick('a', 'b', 'c', 'd'),
  'shien-II-i-4': yes(),
  // 支援 III-i: everything met → 68.
  'shien-III-i-1': yes(),
  'shien-III-i-2': pick('a'),
  'shien-III-i-3': pick('a', 'b', 'c', 'd'),
  'shien-III-i-4': yes(),
};

const located = frameworkIndicators(FY2024_MUNICIPAL_FRAMEWORK);
const numericIndicators = located
  .map((l) => l.indicator)
  .filter((indicator): indicator is NumericIndicator => indicator.answerType === 'numeric');

/** A leader meets every self-assessed item in full. */
const leaderAnswers = (): Record<string, IndicatorAnswer> =>
  Object.fromEntries(
    located.flatMap(({ indicator }) => {
      if (indicator.answerType === 'yes_no') return [[indicator.id, yes()]];
      if (indicator.answerType === 'numeric') return [];
      const choice: ChoiceIndicator = indicator;
      const best = [...choice.options].sort((a, b) => b.points - a.points)[0];
      return [[indicator.id, choice.selection === 'single' ? pick(best.id) : pick(...choice.options.map((o) => o.id))]];
    }),
  );

/** The others meet only the yes/no items; at most 148 + 420 = 568 points, below Kuwana's 620. */
const otherAnswers = (): Record<string, IndicatorAnswer> =>
  Object.fromEntries(located.filter((l) => l.indicator.answerType === 'yes_no').map((l) => [l.indicator.id, yes()]));

const valueAt = (position: number, indicator: NumericIndicator) =>
  indicator.direction === 'higherIsBetter' ? 1000 - 10 * position : 100 + 10 * position;

function nationalFigures(): Record<string, NationalFigure[]> {
  return Object.fromEntries(
    numericIndicators.map((indicator, k) => {
      const band = KUWANA_BANDS[indicator.id];
      const kuwanaPosition = band === null ? NO_BAND_POSITION : POSITION_OF_BAND[band];
      const free = Array.from({ length: 30 }, (_, i) => i + 1).filter((p) => p !== kuwanaPosition);
      const rotate = <T>(list: readonly T[]) => list.map((_, j) => list[(j + k) % list.length]);
      const leaderPositions = rotate(free.slice(0, LEADERS.length));
      const otherPositions = rotate(free.slice(LEADERS.length));
      const figures: NationalFigure[] = [
        { code: KUWANA, value: valueAt(kuwanaPosition, indicator) },
        ...LEADERS.map((c, j) => ({ code: c, value: valueAt(leaderPositions[j], indicator) })),
        ...OTHERS.map((c, j) => ({ code: c, value: valueAt(otherPositions[j], indicator) })),
      ];
      if (indicator.id === 'suishin-III-ii-3') {
        figures[figures.findIndex((f) => f.code === NAHA)] = { code: NAHA, value: null };
      }
      if (indicator.id === 'shien-II-ii-3') {
        figures[figures.findIndex((f) => f.code === TSU)] = { code: TSU, value: valueAt(kuwanaPosition, indicator) };
      }
      return [indicator.id, figures];
    }),
  );
}

const insurers: NationalInsurerInput[] = [
  { code: KUWANA, prefectureCode: '24', answers: KUWANA_ANSWERS },
  ...LEADERS.map((c) => ({ code: c, prefectureCode: c.slice(0, 2), answers: leaderAnswers() })),
  ...OTHERS.map((c) => ({ code: c, prefectureCode: c.slice(0, 2), answers: otherAnswers() })),
];

const national = scoreNation(FY2024_MUNICIPAL_FRAMEWORK, { insurers, figures: nationalFigures() });
const kuwana = national.insurers.find((insurer) => insurer.code === KUWANA)!;

describe("Kuwana city's FY2024 published table, rebuilt", () => {
  it('has 30 insurers, 7 of them in Mie, with valid local government codes', () => {
    expect(national.insurerCount).toBe(30);
    expect(KUWANA).toBe('242055');
    expect(national.insurers.every((i) => isValidLocalGovernmentCode(i.code))).toBe(true);
    expect(national.insurers.filter((i) => i.prefectureCode === '24')).toHaveLength(7);
  });

  it('gives the published group scores, maxima and rates', () => {
    const rows = scoreTable(national, KUWANA).map((row) => [
      row.grant,
      row.groupId,
      row.maxPoints,
      row.score,
      row.rate.display,
    ]);
    expect(rows).toEqual([
      ['suishin', 'I-i', 64, 64, '100.0%'],
      ['suishin', 'I-ii', 36, 18, '50.0%'],
      ['suishin', 'II-i', 68, 52, '76.5%'],
      ['suishin', 'II-ii', 32, 28, '87.5%'],
      ['suishin', 'III-i', 64, 46, '71.9%'],
      ['suishin', 'III-ii', 36, 15, '41.7%'],
      ['suishin', 'IV-outcome', 100, 70, '70.0%'],
      ['shien', 'I-i', 52, 47, '90.4%'],
      ['shien', 'I-ii', 48, 28, '58.3%'],
      ['shien', 'II-i', 64, 64, '100.0%'],
      ['shien', 'II-ii', 36, 30, '83.3%'],
      ['shien', 'III-i', 68, 68, '100.0%'],
      ['shien', 'III-ii', 32, 20, '62.5%'],
      ['shien', 'IV-outcome', 100, 70, '70.0%'],
    ]);
  });

  it('adds up to 293/400 (推進), 327/400 (支援) and 620/800', () => {
    expect(kuwana.grants.map((g) => [g.grant, g.score, g.maxPoints, g.rate.display])).toEqual([
      ['suishin', 293, 400, '73.3%'],
      ['shien', 327, 400, '81.8%'],
    ]);
    expect([kuwana.score, kuwana.maxPoints, kuwana.rate.display]).toEqual([620, 800, '77.5%']);
    expect(kuwana.grants[0].goals.map((goal) => [goal.goalId, goal.score, goal.maxPoints])).toEqual([
      ['I', 82, 100],
      ['II', 80, 100],
      ['III', 61, 100],
      ['IV', 70, 100],
    ]);
  });

  it('keeps exact ratios behind the displayed rates', () => {
    const group = (grant: number, goal: number, index: number) => kuwana.grants[grant].goals[goal].groups[index];
    expect(group(0, 1, 0).rate.ratio).toEqual({ numerator: 13, denominator: 17 });
    expect(group(0, 2, 0).rate.ratio).toEqual({ numerator: 23, denominator: 32 });
    expect(kuwana.rate.ratio).toEqual({ numerator: 31, denominator: 40 });
  });

  it('shows the deductions at indicator level', () => {
    const lost = kuwana.grants
      .flatMap((g) => g.goals.flatMap((goal) => goal.groups.filter((group) => group.kind === 'i')))
      .flatMap((group) => group.indicators.filter((i) => i.points < i.maxPoints))
      .map((i) => [i.indicatorId, i.points, i.maxPoints]);
    expect(lost).toEqual([
      ['suishin-II-i-3', 8, 24],
      ['suishin-III-i-3', 18, 24],
      ['suishin-III-i-4', 0, 12],
      ['shien-I-i-3', 11, 16],
    ]);
  });

  it('ranks Kuwana 10th of 30 nationally and 1st of 7 in Mie, for the total', () => {
    expect(kuwana.ranks).toEqual({
      national: { competition: 10, ordinal: 10, outOf: 30 },
      prefecture: { competition: 1, ordinal: 1, outOf: 7 },
    });
    expect(kuwana.grants.map((g) => g.ranks.prefecture.competition)).toEqual([1, 1]);
  });

  it('places Kuwana in the intended bands, sharing its rank with a tied figure', () => {
    const placement = (indicatorId: string, insurerCode: string) =>
      national.numericPlacements
        .find((p) => p.indicatorId === indicatorId)!
        .placements.find((p) => p.code === insurerCode)!;
    expect(placement('suishin-I-ii-1', KUWANA)).toMatchObject({ rank: 2, topPercent: 10, points: 12 });
    expect(placement('shien-II-ii-3', KUWANA)).toMatchObject({ rank: 12, topPercent: 50, points: 6 });
    expect(placement('shien-II-ii-3', TSU)).toMatchObject({ rank: 12, topPercent: 50, points: 6 });
    expect(placement('suishin-III-ii-3', NAHA)).toMatchObject({ value: null, rank: null, points: 0 });
    expect(placement('suishin-III-ii-3', KUWANA)).toMatchObject({ topPercent: 50, points: 4 });
  });

  it('computes the national rate of each group as the sum of scores over n × max', () => {
    for (const rate of national.groupRates) {
      const sum = national.insurers
        .flatMap((i) => i.grants.filter((g) => g.grant === rate.grant))
        .flatMap((g) => g.goals.flatMap((goal) => goal.groups.filter((group) => group.groupId === rate.groupId)))
        .reduce((total, group) => total + group.score, 0);
      expect(rate.scoreSum).toBe(sum);
    }
    const suishinIii = national.groupRates.find((r) => r.grant === 'suishin' && r.groupId === 'I-ii')!;
    expect(suishinIii.maxPoints).toBe(30 * 36);
    expect(scoreTable(national, KUWANA)[1].nationalRate).toEqual(suishinIii.rate);
  });
});
