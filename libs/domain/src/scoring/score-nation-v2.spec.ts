import fc from 'fast-check';
import { DerivedIndicator, Framework, NumericIndicator } from '../framework/framework';
import { quartileBands } from '../framework/framework-v2';
import { parseFramework } from '../framework/parse-framework';
import { isMarkedlyLow, markedlyLowThreshold, noMarkedlyLowPoints, totalsStatistics } from './derived-items';
import { bandThresholdPosition, NationalFigure, percentileBandPoints } from './percentile-bands';
import { NationalInsurerInput, scoreNation } from './score-nation';
import { scoreTable } from './score-table';
import { scoresCalculated } from './scores-calculated';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const V2_RULES = { bandThreshold: 'floor', missingFigures: 'zero-in-n' } as const;
const mhlw = { number: '1', evaluatedBy: 'mhlw' };
const quartile12: NumericIndicator = { id: 'q', label: 'q', points: 12, answerType: 'numeric', direction: 'higherIsBetter', bands: quartileBands(12) };

/** A v2 municipal framework (a year without the FY2024 structure check) with the given items in 推進 I-ii. */
function municipal(items: Json[], extra: Json = {}): Framework {
  const max = items.reduce((t, i) => t + i.points, 0);
  return parseFramework({
    frameworkVersion: 2, fiscalYear: 'FY2023', activityYear: 'FY2022', level: 'municipal', title: 't',
    sharedGroups: [{ id: 'IV-outcome', kind: 'outcome', title: '成果', maxPoints: 4, countsIn: ['suishin', 'shien'],
      indicators: [{ id: 'IV-1', ...mhlw, label: 'iv', points: 4, answerType: 'numeric', direction: 'higherIsBetter', bands: 'quartiles' }] }],
    grants: [
      { grant: 'suishin', title: '推進', maxPoints: max + 4, goals: [
        { id: 'I', title: 'I', groups: [{ id: 'I-ii', kind: 'ii', title: '活動', maxPoints: max, indicators: items }] },
        { id: 'IV', title: 'IV', sharedGroup: 'IV-outcome' }] },
      { grant: 'shien', title: '支援', maxPoints: 12, goals: [
        { id: 'I', title: 'I', groups: [{ id: 'I-i', kind: 'i', title: '体制', maxPoints: 8,
          indicators: [{ id: 'yes', number: '1', evaluatedBy: 'insurer', label: 'y', points: 8, answerType: 'yes_no' }] }] },
        { id: 'IV', title: 'IV', sharedGroup: 'IV-outcome' }] },
    ],
    ...extra,
  });
}
const codes = (n: number) => Array.from({ length: n }, (_, i) => String(100001 + i));
const insurersOf = (list: readonly string[], prefectureCode = '24'): NationalInsurerInput[] => list.map((code) => ({ code, prefectureCode, answers: {} }));

describe('four cumulative bands at ⌊p·n⌋ (v2)', () => {
  it('puts the edges of n = 1,741 at positions 1,218 / 870 / 522 / 174', () => {
    // ⌊0.7 × 1741⌋ = ⌊1218.7⌋ = 1218; ⌊0.5 × 1741⌋ = ⌊870.5⌋ = 870; ⌊0.3 × 1741⌋ = ⌊522.3⌋ = 522; ⌊0.1 × 1741⌋ = 174.
    expect([70, 50, 30, 10].map((p) => bandThresholdPosition(1741, p, 'floor'))).toEqual([1218, 870, 522, 174]);
    // The legacy ceil: 1219 / 871 / 523 / 175.
    expect([70, 50, 30, 10].map((p) => bandThresholdPosition(1741, p, 'ceil'))).toEqual([1219, 871, 523, 175]);
    const figures: NationalFigure[] = codes(1741).map((code, i) => ({ code, value: 1741 - i })); // rank = i + 1
    const points = percentileBandPoints(figures, quartile12, V2_RULES).map((p) => p.points);
    // Rank 174 is in the top 1割 (12), 175 not (9); 522 → 9, 523 → 6; 870 → 6, 871 → 3; 1218 → 3, 1219 → 0.
    expect([174, 175, 522, 523, 870, 871, 1218, 1219].map((rank) => points[rank - 1])).toEqual([12, 9, 9, 6, 6, 3, 3, 0]);
    // Counts as published: 174 with 12, 348 with 9, 348 with 6, 348 with 3, 523 with 0.
    expect([12, 9, 6, 3, 0].map((p) => points.filter((x) => x === p).length)).toEqual([174, 348, 348, 348, 523]);
  });

  it('lets a tie across an edge in: all tied insurers share the better band', () => {
    // Ranks 173–176 tie at one figure: competition rank 173 ≤ 174, so all four score 12 (176 in the top 1割).
    const figures: NationalFigure[] = codes(1741).map((code, i) => ({ code, value: i >= 172 && i <= 175 ? 1741 - 172 : 1741 - i }));
    const points = percentileBandPoints(figures, quartile12, V2_RULES);
    expect(points.slice(171, 177).map((p) => [p.rank, p.points])).toEqual([[172, 12], [173, 12], [173, 12], [173, 12], [173, 12], [177, 9]]);
    expect(points.filter((p) => p.points === 12)).toHaveLength(176);
  });

  it('gives n = 10 the edges 7 / 5 / 3 / 1, a missing figure in n scoring 0, a non-zero base', () => {
    expect([70, 50, 30, 10].map((p) => bandThresholdPosition(10, p, 'floor'))).toEqual([7, 5, 3, 1]);
    // Nine figures and one missing: n stays 10 (zero-in-n), so ranks 1 / 2–3 / 4–5 / 6–7 score 12 / 9 / 6 / 3.
    const figures: NationalFigure[] = codes(10).map((code, i) => ({ code, value: i === 9 ? null : 100 - i }));
    expect(percentileBandPoints(figures, quartile12, V2_RULES).map((p) => p.points)).toEqual([12, 9, 9, 6, 6, 3, 3, 0, 0, 0]);
    // Legacy (ceil, excluded): n = 9 → ⌈0.9⌉ = 1, ⌈2.7⌉ = 3, ⌈4.5⌉ = 5, ⌈6.3⌉ = 7: the same edges here.
    // base nonZero: five non-zero figures, n = 5 → ⌊3.5⌋ = 3, ⌊2.5⌋ = 2, ⌊1.5⌋ = 1, ⌊0.5⌋ = 0.
    const sparse: NationalFigure[] = codes(10).map((code, i) => ({ code, value: i < 5 ? 50 - i : 0 }));
    expect(percentileBandPoints(sparse, { ...quartile12, base: 'nonZero' }, V2_RULES).map((p) => p.points)).toEqual([9, 6, 3, 0, 0, 0, 0, 0, 0, 0]);
  });
});

describe('scoreNation under v2 rules', () => {
  const alt = { id: 'alt', ...mhlw, label: 'alt', points: 20, answerType: 'numeric', combine: 'alt', measures: [
    { id: 'a', label: 'ア', direction: 'higherIsBetter', bands: 'quartiles', points: 20 },
    { id: 'b', label: 'イ', direction: 'higherIsBetter', bands: 'quartiles', points: 20 }] };
  const add = { id: 'add', ...mhlw, label: 'add', points: 8, answerType: 'numeric', combine: 'add', measures: [
    { id: 'a', label: 'ア', direction: 'higherIsBetter', bands: 'quartiles', points: 4 },
    { id: 'b', label: 'イ', direction: 'lowerIsBetter', bands: 'quartiles', points: 4 }] };

  it('scores an alt item by the better measure and an add item by the sum; goal IV once, in both grants', () => {
    const framework = municipal([alt, add]);
    const list = codes(10);
    const byRank = (ranks: number[], higher = true): NationalFigure[] => list.map((code, i) => ({ code, value: higher ? 100 - ranks[i] : ranks[i] }));
    // n = 10: rank 1 → 上位1割, 2–3 → 3割, 4–5 → 5割, 6–7 → 7割, 8–10 → none.
    const national = scoreNation(framework, {
      insurers: insurersOf(list),
      figures: {
        'alt.a': byRank([1, 10, 4, 8, 9, 2, 3, 5, 6, 7]),
        'alt.b': byRank([9, 2, 1, 3, 4, 5, 6, 7, 8, 10]),
        'add.a': byRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
        'add.b': byRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], false),
        'IV-1': byRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
      },
    });
    const points = (code: string, id: string) =>
      national.insurers.find((i) => i.code === code)!.grants[0].goals[0].groups[0].indicators.find((x) => x.indicatorId === id)!.points;
    // Insurer 1: ア rank 1 → 20, イ rank 9 → 0: alt = max(20, 0) = 20. Insurer 2: ア rank 10 → 0, イ rank 2 → 15: 15.
    // Insurer 3: ア rank 4 → 10, イ rank 1 → 20: 20. Insurer 4: ア rank 8 → 0, イ rank 3 → 15: 15.
    expect(list.slice(0, 4).map((c) => points(c, 'alt'))).toEqual([20, 15, 20, 15]);
    // add: ア and イ both rank k (イ lower is better, the figures reversed): rank 1 → 4 + 4 = 8; 2 → 3 + 3 = 6; 4 → 2 + 2.
    expect(list.slice(0, 4).map((c) => points(c, 'add'))).toEqual([8, 6, 6, 4]);
    const first = national.insurers[0];
    // IV-1 (4 points, rank 1 → 4) stands in both grants with the same score.
    expect(first.grants.map((g) => g.goals[1].groups[0])).toMatchObject([{ groupId: 'IV-outcome', score: 4, shared: true }, { groupId: 'IV-outcome', score: 4, shared: true }]);
    expect(first.grants.map((g) => g.score)).toEqual([20 + 8 + 4, 0 + 4]);
    // The recorded rows keep their grant and mark the shared group; other rows carry no new field.
    const recorded = scoresCalculated(national, national, 'FY2023', 'x', new Date(0)).data.insurers[0].groups;
    expect(recorded.map((r) => [r.grant, r.groupId, r.score, r.shared])).toEqual([
      ['suishin', 'I-ii', 28, undefined], ['suishin', 'IV-outcome', 4, true], ['shien', 'I-i', 0, undefined], ['shien', 'IV-outcome', 4, true],
    ]);
    expect(national.groupRates.map((r) => [r.grant, r.groupId])).toEqual([['suishin', 'I-ii'], ['suishin', 'IV-outcome'], ['shien', 'I-i'], ['shien', 'IV-outcome']]);
  });

  it('caps a group at its maximum', () => {
    const framework = municipal([alt], { rules: { groupCap: true } });
    expect(framework.grants[0].goals[0].groups[0].maxPoints).toBe(20);
    // The alt item's measures sum to 40 in the columns but the item caps at 20 and so does the group.
    const national = scoreNation(framework, { insurers: insurersOf(['100001']), figures: { 'alt.a': [{ code: '100001', value: 1 }], 'alt.b': [{ code: '100001', value: 1 }] } });
    // n = 1: ⌊0.7⌋ = 0, nobody is in any band under floor. Scores stay within maxima.
    expect(national.insurers[0].grants[0].goals[0].groups[0].score).toBe(0);
  });

  it('bands 今年度の評価得点 on the first-pass totals, then scores again', () => {
    const own = { id: 'own', ...mhlw, label: '今年度の評価得点', points: 12, answerType: 'derived', source: 'ownTotal', bands: 'quartiles' };
    const framework = municipal([own]);
    const list = codes(10);
    // First pass: the yes/no item (8) for insurers 1–6 and IV-1 by rank (1 → 4, 2–3 → 3, 4–5 → 2, 6–7 → 1, 8–10 → 0),
    // counted in both grants: totals 8+8, 8+6, 8+6, 8+4, 8+4, 8+2, 0+2, 0, 0, 0 = 16, 14, 14, 12, 12, 10, 2, 0, 0, 0.
    const insurers = list.map((code, i): NationalInsurerInput => ({ code, prefectureCode: '24', answers: i < 6 ? { yes: { answerType: 'yes_no', yes: true } } : {} }));
    const national = scoreNation(framework, { insurers, figures: { 'IV-1': list.map((code, i) => ({ code, value: 10 - i })) } });
    // Ranks of those totals: 1, 2, 2, 4, 4, 6, 7, 8, 8, 8 → n = 10 edges 1/3/5/7: 12, 9, 9, 6, 6, 3, 3, 0, 0, 0.
    const ownPoints = national.insurers.map((i) => i.grants[0].goals[0].groups[0].score);
    expect(ownPoints).toEqual([12, 9, 9, 6, 6, 3, 3, 0, 0, 0]);
    expect(national.insurers.map((i) => i.score)).toEqual([28, 23, 23, 18, 18, 13, 5, 0, 0, 0]);
    expect(national.numericPlacements.find((p) => p.indicatorId === 'own')!.placements.map((p) => p.value)).toEqual([16, 14, 14, 12, 12, 10, 2, 0, 0, 0]);
  });

  it('gives national group averages equal to the mean of the score tables', () =>
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.option(fc.integer({ min: 0, max: 5 })), fc.option(fc.integer({ min: 0, max: 5 })), fc.constantFrom('01', '07', '24')), { minLength: 1, maxLength: 30 }),
        (rows) => {
          const own = { id: 'own', ...mhlw, label: 'own', points: 12, answerType: 'derived', source: 'ownTotal', bands: 'quartiles' };
          const framework = municipal([alt, own]);
          const list = codes(rows.length);
          const national = scoreNation(framework, {
            insurers: list.map((code, i): NationalInsurerInput => ({ code, prefectureCode: rows[i][3], answers: rows[i][0] ? { yes: { answerType: 'yes_no', yes: true } } : {} })),
            figures: {
              'alt.a': list.map((code, i) => ({ code, value: rows[i][1] })),
              'alt.b': list.map((code, i) => ({ code, value: rows[i][2] })),
              'IV-1': list.map((code, i) => ({ code, value: rows[i][1] })),
            },
          });
          const tables = list.map((code) => scoreTable(national, code));
          national.groupRates.forEach((rate, g) => {
            const sum = tables.reduce((total, table) => total + table[g].score, 0);
            expect(rate.scoreSum).toBe(sum);
            expect(rate.maxPoints / list.length).toBe(tables[0][g].maxPoints);
            for (const table of tables) expect(table[g].score).toBeLessThanOrEqual(table[g].maxPoints);
          });
          expect(national.totalRate.scoreSum).toBe(national.insurers.reduce((t, i) => t + i.score, 0));
        },
      ),
      { numRuns: 60 },
    ));
});

describe('prefectural items from the municipal result', () => {
  // reference/national-results.md §4.1: Fukushima's 59 FY2026 totals (sum 26,928).
  const FUKUSHIMA = [284, 291, 319, 328, 334, 335, 335, 347, 359, 368, 376, 377, 382, 388, 396, 404, 404, 419, 425, 426, 428, 433, 435, 439, 441, 447, 449, 452, 453, 462, 465, 474, 481, 485, 487, 487, 487, 487, 488, 489, 491, 496, 513, 525, 528, 534, 537, 538, 538, 540, 545, 547, 551, 552, 567, 574, 583, 584, 619];
  // The other 1,682 municipalities, chosen so the nation has the FY2026 figures: n = 1,741, sum 792,375 (mean
  // 455.126), population SD 87.696 (to 3 decimals): 1,377 × 414, 304 × 642 and one at 201 (in Tokyo).
  const others = [...Array(1377).fill(414), ...Array(304).fill(642), 201] as number[];
  const totals = [
    ...FUKUSHIMA.map((score, i) => ({ code: `07${i}`, prefectureCode: '07', score })),
    ...others.map((score, i) => ({ code: `13${i}`, prefectureCode: '13', score })),
  ];
  const item: DerivedIndicator = { id: 'low', label: '管内に著しく得点の低い市町村がない', points: 6, answerType: 'derived', source: 'noMarkedlyLowMunicipality' };

  it('finds mean − 2·SD = 455.126 − 2 × 87.696 = 279.73 and gives Fukushima (lowest 284) 6 points', () => {
    const stats = totalsStatistics(totals.map((t) => t.score));
    expect(stats.n).toBe(1741n);
    expect(stats.sum).toBe(792375n); // 26,928 + 1,377 × 414 + 304 × 642 + 201
    expect(Number(stats.sum) / 1741).toBeCloseTo(455.126, 3);
    expect(markedlyLowThreshold(stats)).toBeCloseTo(279.73, 2);
    expect(isMarkedlyLow(284, stats)).toBe(false);
    expect(isMarkedlyLow(280, stats)).toBe(false);
    expect(isMarkedlyLow(279, stats)).toBe(true);
    const placements = noMarkedlyLowPoints(item, ['07', '13', '47'], { insurers: totals });
    // Fukushima: 0 below → 6. Tokyo: the 201 → 0. Okinawa has no municipality here: none below → 6.
    expect(placements.map((p) => [p.code, p.value, p.points])).toEqual([['07', 0, 6], ['13', 1, 0], ['47', 0, 6]]);
  });

  it('ranks the prefectures by the mean total of their municipalities (municipalAverage) in the prefectural scoring', () => {
    const framework = parseFramework({
      frameworkVersion: 2, fiscalYear: 'FY2023', activityYear: 'FY2022', level: 'prefectural', title: 'p',
      grants: [{ grant: 'suishin', title: '推進', maxPoints: 14, goals: [{ id: 'I', title: 'I', groups: [
        { id: 'I-i', kind: 'i', title: '体制', maxPoints: 6, indicators: [{ id: 'low', ...mhlw, label: '低い市町村なし', points: 6, answerType: 'derived', source: 'noMarkedlyLowMunicipality' }] },
        { id: 'I-ii', kind: 'ii', title: '活動', maxPoints: 8, indicators: [{ id: 'avg', ...mhlw, label: '平均得点', points: 8, answerType: 'derived', source: 'municipalAverage', bands: 'quartiles' }] },
      ] }] }],
    });
    const prefectures = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10'].map((code) => ({ code, prefectureCode: code, answers: {} }));
    // Municipal means: 01 → 500, 02 → 490, …, 06 → 450, 07 → (440 + 420) / 2 = 430, 08 → 430, 09 → 420, 10 → 410.
    const municipal = {
      insurers: prefectures.flatMap(({ code }, p) =>
        code === '07' ? [{ code: '071', prefectureCode: '07', score: 440 }, { code: '072', prefectureCode: '07', score: 420 }] : [{ code: `${code}1`, prefectureCode: code, score: 500 - 10 * p }],
      ),
    };
    const national = scoreNation(framework, { insurers: prefectures, figures: {}, municipal });
    // n = 10: edges 1/3/5/7 for 2 points per band (8 in quartiles): ranks 1 → 8, 2–3 → 6, 4–5 → 4, 6–7 → 2.
    // 07 and 08 tie at 430 with competition rank 7 ≤ 7: both are in the top 7割 (the band holds 8 of 10).
    expect(national.insurers.map((p) => p.grants[0].goals[0].groups[1].score)).toEqual([8, 6, 6, 4, 4, 2, 2, 2, 0, 0]);
    // Every prefecture's municipalities are above mean − 2·SD here (SD of these 11 totals ≈ 28): 6 points each.
    expect(national.insurers.every((p) => p.grants[0].goals[0].groups[0].score === 6)).toBe(true);
    expect(() => scoreNation(framework, { insurers: prefectures, figures: {} })).toThrow(expect.objectContaining({ reason: 'MUNICIPAL_RESULT_MISSING' }));
  });
});

describe('v1 frameworks keep the legacy rules', () => {
  it('bands at ⌈p·n⌉ and drops missing figures from n', () => {
    // Ten figures, one missing: legacy n = 9 → top 10% at ⌈0.9⌉ = 1, top 30% at ⌈2.7⌉ = 3.
    const indicator: NumericIndicator = { id: 'n', label: 'n', points: 12, answerType: 'numeric', direction: 'higherIsBetter', bands: [{ topPercent: 10, points: 12 }, { topPercent: 30, points: 6 }] };
    const figures: NationalFigure[] = codes(10).map((code, i) => ({ code, value: i === 9 ? null : 100 - i }));
    expect(percentileBandPoints(figures, indicator).map((p) => p.points)).toEqual([12, 6, 6, 0, 0, 0, 0, 0, 0, 0]);
    // Under v2 rules the missing figure stays in n = 10: ⌊1⌋ = 1 and ⌊3⌋ = 3, the same edges here; the 1,741 case
    // above shows where ceil and floor differ.
    expect(percentileBandPoints(figures, indicator, V2_RULES).map((p) => p.points)).toEqual([12, 6, 6, 0, 0, 0, 0, 0, 0, 0]);
  });
});
