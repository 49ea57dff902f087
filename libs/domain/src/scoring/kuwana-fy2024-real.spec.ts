import { frameworkIndicators, groupIndicators, NumericIndicator } from '../framework/framework';
import { MUNICIPAL_FY2024_FRAMEWORK } from '../framework/shipped-frameworks';
import { checkDigit, isValidLocalGovernmentCode } from '../recipients/local-government-code';
import { PREFECTURES } from '../recipients/prefectures';
import { IndicatorAnswer } from './answer-points';
import { NationalFigure } from './percentile-bands';
import { NationalInsurerInput, scoreNation } from './score-nation';
import { scoreTable } from './score-table';

/*
 * 桑名市 (242055, 三重県), FY2024 municipal, on the REAL FY2024 framework (frameworks/municipal-FY2024.json, format v2,
 * v2 rules: top p when the competition rank ≤ ⌊p·n⌋, a missing figure stays in n, groups capped) in a nation of
 * n = 1,741 municipalities, as MHLW scores it. Published (reference/national-results.md §3.3, SEED-000):
 *   推進 Ⅰ 64/18, Ⅱ 52/28, Ⅲ 46/15, Ⅳ 70 = 293;  支援 Ⅰ 47/28, Ⅱ 64/30, Ⅲ 68/20, Ⅳ 70 = 327;  total 620,
 *   national rank 10 of 1,741, 1st of 29 in Mie.
 *
 * Band edges at n = 1,741 (⌊p·n⌋): 上位1割 ⌊174.1⌋ = 174, 3割 ⌊522.3⌋ = 522, 5割 ⌊870.5⌋ = 870, 7割 ⌊1218.7⌋ = 1218.
 * Each figure is laid out as a ranking: every municipality gets a distinct position 1 … 1,741 and a value falling with
 * the position (rising for a lowerIsBetter measure), so the competition rank IS the position. 桑名市 is put at
 *   position 100 for 上位1割 (100 ≤ 174), 400 for 3割 (174 < 400 ≤ 522), 700 for 5割 (522 < 700 ≤ 870),
 *   1,000 for 7割 (870 < 1,000 ≤ 1,218) and 1,500 for no band (1,500 > 1,218);
 * a quartile item of p points pays p, ¾p, ½p, ¼p in those bands. Where 桑名市 scores 0 on a `base: "nonZero"` item
 * (PFS, 定着研修, ポイント事業) its figure is 0 (it does not do it), and so is every figure past position 600: the item
 * is ranked among the 600 non-zero figures only, and a 0 is never in a band.
 *
 * The nation: 9 "leaders" (every (i) sub-item met, positions 1–9 of every figure: 800 points), 桑名市, and 1,731
 * "others" that meet the first sub-item of each (i) item (71 points) and fill the remaining positions in rotation.
 * An other scores at most 71 + 104 (推進 (ii)) + 116 (支援 (ii)) + 2 × 100 (Ⅳ, counted in both grants) = 491 < 620, so
 * exactly the 9 leaders are above 桑名市: rank 10. Mie (24) holds 桑名市 and 28 others: 1st of 29.
 */

const code = (first5: string) => `${first5}${checkDigit(first5)}`;
const KUWANA = code('24205');
const N = 1741;
const LEADER_PREFECTURES = ['01', '04', '13', '14', '23', '26', '27', '28', '40'];
const LEADERS = LEADER_PREFECTURES.map((pref) => code(`${pref}100`));
/** 28 Mie municipalities besides 桑名市, then 1,703 spread over the other 46 prefectures (37 each, one more for the first 1). */
const MIE_OTHERS = Array.from({ length: 28 }, (_, i) => code(`24${String(300 + i)}`));
const REST = PREFECTURES.map((p) => p.code).filter((pref) => pref !== '24');
const OTHERS = [
  ...MIE_OTHERS,
  ...REST.flatMap((pref, k) => Array.from({ length: k < 1 ? 38 : 37 }, (_, i) => code(`${pref}${String(300 + i)}`))),
];

/** 上位1割 / 3割 / 5割 / 7割 / no band, as 桑名市's position in a figure's ranking; `zero`: its figure is 0. */
type Band = '1割' | '3割' | '5割' | '7割' | 'none' | 'zero';
const POSITION: Readonly<Record<Exclude<Band, 'zero'>, number>> = { '1割': 100, '3割': 400, '5割': 700, '7割': 1000, none: 1500 };
const NON_ZERO_FIGURES = 600;

/**
 * 桑名市's band on every figure (measures of combined items under `<indicatorId>.<measureId>`), and the points it
 * gives. 推進Ⅰ(ii)-1 今年度の評価得点 is derived (no figure): see the ranks test.
 */
const KUWANA_BANDS: Readonly<Record<string, Band>> = {
  // 推進Ⅰ(ii) 18 = 今年度の評価 12 (上位1割, derived) + 伸び率比較 6 + PFS 0 — all three published.
  'suishin-I-ii-2': '5割', // 12 × ½ = 6: 後期高齢者数と給付費の伸び率 「上位5割」 (lowerIsBetter)
  'suishin-I-ii-3': 'zero', // PFS委託事業数 0: no PFS, so outside the non-zero base → 0
  // 推進Ⅱ(ii) 28 = 12 + 16: ケアプラン点検 「上位3割」 published; 突合 16 inferred [I] from the remainder.
  'suishin-II-ii-1': '3割', // 16 × ¾ = 12
  'suishin-II-ii-2': '1割', // 16
  // 推進Ⅲ(ii) 15 = 6 + 0 + 9: ケアマネ研修 「上位3割」 published; the split of the other 6 is not, so 魅力研修 上位5割
  // and no 定着研修 are chosen.
  'suishin-III-ii-1': '5割', // 12 × ½ = 6 (non-zero base: every figure non-zero, n = 1,741)
  'suishin-III-ii-2': 'zero', // 0
  'suishin-III-ii-3': '3割', // 12 × ¾ = 9
  // Ⅳ 70 (published; its split is not): 20 + 20 + 15 + 10 + 5.
  'IV-1.a': '1割', // 20 ┐ alt: the better of the two, 20
  'IV-1.b': '3割', // 15 ┘
  'IV-2': '1割', // 20
  'IV-3.a': '7割', // 5  ┐ alt: 15
  'IV-3.b': '3割', // 15 ┘
  'IV-4': '5割', // 10
  'IV-5.a': '7割', // 5 ┐ alt: 5
  'IV-5.b': 'none', // 0 ┘
  // 支援Ⅰ(ii) 28 (published total only; the split is chosen): 4 + 10 + 3 + 4 + 0 + 2 + 2 + 1 + 2.
  'shien-I-ii-1': '1割', // 4
  'shien-I-ii-2.a': '1割', // 4 ┐
  'shien-I-ii-2.b': '1割', // 4 │ add: 10
  'shien-I-ii-2.c': '5割', // 2 ┘
  'shien-I-ii-3': '3割', // 3
  'shien-I-ii-4.a': '5割', // 2 ┐ add: 4
  'shien-I-ii-4.b': '5割', // 2 ┘
  'shien-I-ii-5': 'zero', // 0 (ポイント事業: none, outside the non-zero base)
  'shien-I-ii-6': '5割', // 2 (non-zero base, every figure non-zero)
  'shien-I-ii-7': '5割', // 2
  'shien-I-ii-8': '7割', // 1
  'shien-I-ii-9.a': '5割', // 2 ┐
  'shien-I-ii-9.b': '7割', // 1 │ alt: 2
  'shien-I-ii-9.c': 'none', // 0 ┘
  // 支援Ⅱ(ii) 30 = 9 + 12 + 9: サポーター数 上位3割 and ステップアップ 上位1割 published; 推進員 上位3割 the remainder.
  'shien-II-ii-1': '3割', // 12 × ¾ = 9
  'shien-II-ii-2': '1割', // 12 (non-zero base, every figure non-zero)
  'shien-II-ii-3': '3割', // 9
  // 支援Ⅲ(ii) 20 = 8 + 12: 入退院支援 「上位5割程度」 and 看取り 「上位3割」, both published, on both measures.
  'shien-III-ii-1.a': '5割', // 8 × ½ = 4 ┐ add: 8
  'shien-III-ii-1.b': '5割', // 4         ┘
  'shien-III-ii-2.a': '3割', // 8 × ¾ = 6 ┐ add: 12
  'shien-III-ii-2.b': '3割', // 6         ┘
};

const pick = (...optionIds: string[]): IndicatorAnswer => ({ answerType: 'choice', optionIds });

/**
 * 桑名市's 該当状況調査票. The (i) groups' totals are published, their sub-items are not: where a group is short of its
 * maximum the missing sub-items below are chosen to give the published score, and say so.
 */
const KUWANA_ANSWERS: Readonly<Record<string, IndicatorAnswer>> = {
  // 推進Ⅰ(i) 64 = 16 × 4: every sub-item met (published full marks).
  'suishin-I-i-1': pick('a', 'b', 'c', 'd'),
  'suishin-I-i-2': pick('a', 'b', 'c', 'd'),
  'suishin-I-i-3': pick('a1', 'a2', 'a3', 'a4', 'b1', 'b2', 'b3', 'b4', 'c1', 'c2', 'c3', 'c4', 'd1', 'd2', 'd3', 'd4'),
  'suishin-I-i-4': pick('a', 'b', 'c', 'd'),
  // 推進Ⅱ(i) 52 = 32 + 20 (chosen): 方策 ア–エ all (4 × 8); 取組 ア①② (2 + 2) + ウ + エ (8 + 8) = 20.
  'suishin-II-i-1': pick('a', 'b', 'c', 'd'),
  'suishin-II-i-2': pick('a1', 'a2', 'c', 'd'),
  // 推進Ⅲ(i) 46 = 30 + 16 (chosen): 確保・定着 ア–オ all (5 × 6); 連携 ア, イ (12) + ウ①② (4).
  'suishin-III-i-1': pick('a', 'b', 'c', 'd', 'e'),
  'suishin-III-i-2': pick('a', 'b', 'c1', 'c2'),
  // 支援Ⅰ(i) 47 = 52 − 5 (chosen): アウトリーチ without ウ①–④ (9 − 4 = 5) and 多様なサービス without ア (7 − 1 = 6).
  'shien-I-i-1': pick('a', 'b', 'c', 'd'),
  'shien-I-i-2': pick('a', 'b', 'd'),
  'shien-I-i-3': pick('a', 'b', 'c', 'd'),
  'shien-I-i-4': pick('a', 'b', 'c', 'd'),
  'shien-I-i-5': pick('a', 'b', 'c', 'd'),
  'shien-I-i-6': pick('a', 'b', 'c', 'd', 'e'),
  'shien-I-i-7': pick('b', 'c', 'd'),
  // 支援Ⅱ(i) 64 = 20 + 19 + 25 and 支援Ⅲ(i) 68 = 26 + 21 + 21: every sub-item met (published full marks).
  'shien-II-i-1': pick('a', 'b', 'c', 'd'),
  'shien-II-i-2': pick('a', 'b', 'c', 'd'),
  'shien-II-i-3': pick('a', 'b', 'c', 'd', 'e'),
  'shien-III-i-1': pick('a', 'b', 'c', 'd', 'e'),
  'shien-III-i-2': pick('a', 'b1', 'b2', 'b3', 'c', 'd'),
  'shien-III-i-3': pick('a', 'b', 'c', 'd'),
};

const framework = MUNICIPAL_FY2024_FRAMEWORK;
const answered = frameworkIndicators(framework).flatMap(({ indicator }) => (indicator.answerType === 'choice' ? [indicator] : []));
const figureKeys = frameworkIndicators(framework)
  .map(({ indicator }) => indicator)
  .filter((indicator): indicator is NumericIndicator => indicator.answerType === 'numeric');

const leaderAnswers = Object.fromEntries(answered.map((item) => [item.id, pick(...item.options.map((o) => o.id))]));
const otherAnswers = Object.fromEntries(answered.map((item) => [item.id, pick(item.options[0].id)]));

const valueAt = (position: number, indicator: NumericIndicator) =>
  indicator.direction === 'higherIsBetter' ? 10_000 - position : position;

function nationalFigures(): Record<string, NationalFigure[]> {
  return Object.fromEntries(
    figureKeys.map((indicator, k) => {
      const band = KUWANA_BANDS[indicator.id];
      const kuwanaPosition = band === 'zero' ? N : POSITION[band];
      const value = (position: number) => (band === 'zero' && position > NON_ZERO_FIGURES ? 0 : valueAt(position, indicator));
      const free = Array.from({ length: N - LEADERS.length }, (_, i) => i + LEADERS.length + 1).filter((p) => p !== kuwanaPosition);
      const figures: NationalFigure[] = [
        { code: KUWANA, value: value(kuwanaPosition) },
        ...LEADERS.map((c, j) => ({ code: c, value: value(j + 1) })),
        // Rotated by the figure's index, so each other meets a mix of bands.
        ...OTHERS.map((c, j) => ({ code: c, value: value(free[(j + 37 * k) % free.length]) })),
      ];
      return [indicator.id, figures];
    }),
  );
}

const insurers: NationalInsurerInput[] = [
  { code: KUWANA, prefectureCode: '24', answers: KUWANA_ANSWERS },
  ...LEADERS.map((c) => ({ code: c, prefectureCode: c.slice(0, 2), answers: leaderAnswers })),
  ...OTHERS.map((c) => ({ code: c, prefectureCode: c.slice(0, 2), answers: otherAnswers })),
];

const national = scoreNation(framework, { insurers, figures: nationalFigures() });
const kuwana = national.insurers.find((insurer) => insurer.code === KUWANA)!;
const placement = (indicatorId: string, insurerCode = KUWANA) =>
  national.numericPlacements.find((p) => p.indicatorId === indicatorId)!.placements.find((p) => p.code === insurerCode)!;

describe('桑名市 FY2024 on the real FY2024 framework (v2 rules, n = 1,741)', () => {
  it('is a nation of 1,741 municipalities with valid codes, 29 of them in Mie, every figure of the framework given', () => {
    expect(framework).toMatchObject({ frameworkVersion: 2, fiscalYear: 'FY2024', level: 'municipal' });
    expect(national.insurerCount).toBe(N);
    expect(national.insurers.every((i) => isValidLocalGovernmentCode(i.code))).toBe(true);
    expect(national.insurers.filter((i) => i.prefectureCode === '24')).toHaveLength(29);
    expect(Object.keys(KUWANA_BANDS).sort()).toEqual(figureKeys.map((i) => i.id).sort());
    // Every (i) item is answered; nobody answers a (ii), Ⅳ or derived item.
    expect(Object.keys(KUWANA_ANSWERS).sort()).toEqual(answered.map((i) => i.id).sort());
  });

  it('gives the published group table: 推進 64/18, 52/28, 46/15, Ⅳ 70; 支援 47/28, 64/30, 68/20, Ⅳ 70', () => {
    expect(scoreTable(national, KUWANA).map((row) => [row.grant, row.groupId, row.maxPoints, row.score])).toEqual([
      ['suishin', 'I-i', 64, 64],
      ['suishin', 'I-ii', 36, 18],
      ['suishin', 'II-i', 68, 52],
      ['suishin', 'II-ii', 32, 28],
      ['suishin', 'III-i', 64, 46],
      ['suishin', 'III-ii', 36, 15],
      ['suishin', 'IV-outcome', 100, 70],
      ['shien', 'I-i', 52, 47],
      ['shien', 'I-ii', 48, 28],
      ['shien', 'II-i', 64, 64],
      ['shien', 'II-ii', 36, 30],
      ['shien', 'III-i', 68, 68],
      ['shien', 'III-ii', 32, 20],
      ['shien', 'IV-outcome', 100, 70],
    ]);
  });

  it('adds up to 293 (推進) + 327 (支援) = 620, Ⅳ counted once in each grant', () => {
    expect(kuwana.grants.map((g) => [g.grant, g.score, g.maxPoints])).toEqual([
      ['suishin', 293, 400],
      ['shien', 327, 400],
    ]);
    expect([kuwana.score, kuwana.maxPoints]).toEqual([620, 800]);
  });

  it('ranks 桑名市 10th of 1,741 nationally and 1st of 29 in Mie', () => {
    expect(kuwana.ranks).toEqual({
      national: { competition: 10, ordinal: 10, outOf: N },
      prefecture: { competition: 1, ordinal: 1, outOf: 29 },
    });
    const leaders = national.insurers.filter((i) => LEADERS.includes(i.code));
    expect(leaders.every((leader) => leader.score === 800)).toBe(true);
    expect(Math.max(...national.insurers.filter((i) => OTHERS.includes(i.code)).map((i) => i.score))).toBeLessThan(620);
  });

  it('earns 今年度の評価得点 12 from its own first-pass total: 608 ranks 10th, inside the top ⌊0.1 × 1,741⌋ = 174', () => {
    // The derived item bands the total computed without the derived items: 620 − 12 = 608, behind the 9 leaders' 788.
    expect(placement('suishin-I-ii-1')).toMatchObject({ value: 608, rank: 10, topPercent: 10, points: 12 });
    expect(placement('suishin-I-ii-1', LEADERS[0])).toMatchObject({ value: 788, rank: 1, points: 12 });
  });

  it('lands in the published bands of the (ii) items, each rank inside ⌊p·n⌋', () => {
    // 伸び率比較 上位5割: rank 700, 522 < 700 ≤ 870 (lowerIsBetter: the 700th smallest growth gap).
    expect(placement('suishin-I-ii-2')).toMatchObject({ rank: 700, topPercent: 50, points: 6 });
    // PFS 0: a zero figure is outside the non-zero base (600 non-zero figures are ranked), no rank, no points.
    expect(placement('suishin-I-ii-3')).toMatchObject({ value: 0, rank: null, points: 0 });
    // ケアプラン点検 上位3割: 174 < 400 ≤ 522.
    expect(placement('suishin-II-ii-1')).toMatchObject({ rank: 400, topPercent: 30, points: 12 });
    expect(placement('suishin-II-ii-2')).toMatchObject({ rank: 100, topPercent: 10, points: 16 });
    // ケアマネ研修 上位3割.
    expect(placement('suishin-III-ii-3')).toMatchObject({ rank: 400, topPercent: 30, points: 9 });
    // サポーター数 上位3割, ステップアップ 上位1割 (100 ≤ 174).
    expect(placement('shien-II-ii-1')).toMatchObject({ rank: 400, topPercent: 30, points: 9 });
    expect(placement('shien-II-ii-2')).toMatchObject({ rank: 100, topPercent: 10, points: 12 });
    // 入退院支援 上位5割 (each measure 4 of 8), 看取り 上位3割 (each 6 of 8).
    expect(['shien-III-ii-1.a', 'shien-III-ii-1.b', 'shien-III-ii-2.a', 'shien-III-ii-2.b'].map((id) => placement(id).points)).toEqual([4, 4, 6, 6]);
    // No band past ⌊0.7 × 1,741⌋ = 1,218: IV-5.b at 1,500.
    expect(placement('IV-5.b')).toMatchObject({ rank: 1500, topPercent: null, points: 0 });
  });

  it('combines the measures: alt takes the better (IV-1 20, IV-3 15, IV-5 5, 支援Ⅰ(ii)-9 2), add sums (支援Ⅰ(ii)-2 10, -4 4)', () => {
    const items = new Map(
      kuwana.grants.flatMap((g) => g.goals.flatMap((goal) => goal.groups.flatMap((group) => group.indicators))).map((i) => [i.indicatorId, i.points]),
    );
    expect(['IV-1', 'IV-2', 'IV-3', 'IV-4', 'IV-5'].map((id) => items.get(id))).toEqual([20, 20, 15, 10, 5]);
    expect(['shien-I-ii-2', 'shien-I-ii-4', 'shien-I-ii-9', 'shien-III-ii-1', 'shien-III-ii-2'].map((id) => items.get(id))).toEqual([10, 4, 2, 8, 12]);
    // Every item of the framework is scored for 桑名市, derived ones included.
    expect(groupIndicators(framework).every(({ indicator }) => items.has(indicator.id))).toBe(true);
  });
});
