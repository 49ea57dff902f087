import fc from 'fast-check';
import { Framework, frameworkIndicators, Indicator, NumericIndicator } from '../framework/framework';
import { parseFramework } from '../framework/parse-framework';
import { FY2024_MUNICIPAL_FRAMEWORK } from '../framework/shipped-frameworks';
import { IndicatorAnswer } from './answer-points';
import { NationalFigure } from './percentile-bands';
import { Rank } from './ranking';
import { NationalInsurerInput, NationalScore, NationalScoringInput, scoreNation } from './score-nation';

type IndicatorJson = Record<string, unknown>;

const bandsArb = fc.uniqueArray(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 3 }).chain((percents) =>
  fc
    .uniqueArray(fc.integer({ min: 1, max: 20 }), { minLength: percents.length, maxLength: percents.length })
    .map((points) => {
      const sortedPoints = [...points].sort((a, b) => b - a);
      return [...percents].sort((a, b) => a - b).map((topPercent, i) => ({ topPercent, points: sortedPoints[i] }));
    }),
);

/** An indicator without its id; every answer type the parser accepts. */
const indicatorArb: fc.Arbitrary<IndicatorJson> = fc.oneof(
  fc.integer({ min: 1, max: 20 }).map((points) => ({ answerType: 'yes_no', points })),
  fc
    .uniqueArray(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 4 })
    .filter((points) => Math.max(...points) > 0)
    .map((points) => ({
      answerType: 'choice',
      selection: 'single',
      points: Math.max(...points),
      options: points.map((p, i) => ({ id: `o${i}`, label: `選択肢${i}`, points: p })),
    })),
  fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 4 }).chain((points) =>
    fc.integer({ min: Math.max(...points), max: points.reduce((a, b) => a + b, 0) }).map((cap) => ({
      answerType: 'choice',
      selection: 'multiple',
      points: cap,
      options: points.map((p, i) => ({ id: `o${i}`, label: `選択肢${i}`, points: p })),
    })),
  ),
  fc
    .tuple(fc.constantFrom('higherIsBetter', 'lowerIsBetter'), bandsArb)
    .map(([direction, bands]) => ({ answerType: 'numeric', direction, points: bands[0].points, bands })),
);

/** A random framework of a year without published maxima, built as JSON and read by the real parser. */
const groupArb = fc.array(indicatorArb, { minLength: 1, maxLength: 4 });
const goalArb = fc.array(groupArb, { minLength: 1, maxLength: 2 });
const grantArb = fc.array(goalArb, { minLength: 1, maxLength: 2 });
const frameworkArb: fc.Arbitrary<Framework> = fc
  .array(grantArb, { minLength: 1, maxLength: 2 })
  .map((grants) =>
    parseFramework({
      frameworkVersion: 1,
      fiscalYear: 'FY2030',
      level: 'prefectural',
      grants: grants.map((goals, g) => {
        const groupsJson = goals.map((groups, k) =>
          groups.map((indicators, j) => {
            const withIds = indicators.map((indicator, i): IndicatorJson => ({
              ...indicator,
              id: `g${g}-${k}-${j}-${i}`,
              label: `指標${i}`,
            }));
            const maxPoints = withIds.reduce((total, indicator) => total + (indicator.points as number), 0);
            return { id: `${k}-${j}`, kind: 'category', title: `評価項目${j}`, maxPoints, indicators: withIds };
          }),
        );
        return {
          grant: ['suishin', 'shien'][g],
          title: ['保険者機能強化推進交付金', '介護保険保険者努力支援交付金'][g],
          maxPoints: groupsJson.flat().reduce((total, group) => total + group.maxPoints, 0),
          goals: groupsJson.map((groups, k) => ({ id: ['I', 'II', 'III', 'IV'][k], title: `目標${k}`, groups })),
        };
      }),
    }),
  );

const answerArb = (indicator: Indicator): fc.Arbitrary<IndicatorAnswer | null> => {
  if (indicator.answerType === 'yes_no') {
    return fc.option(fc.boolean().map((yes): IndicatorAnswer => ({ answerType: 'yes_no', yes })));
  }
  if (indicator.answerType === 'numeric') return fc.constant(null);
  const ids = indicator.options.map((o) => o.id);
  const chosen =
    indicator.selection === 'single'
      ? fc.option(fc.constantFrom(...ids)).map((id) => (id === null ? [] : [id]))
      : fc.subarray(ids);
  return fc.option(chosen.map((optionIds): IndicatorAnswer => ({ answerType: 'choice', optionIds })));
};

/** Few distinct figures, so ties are common; `absent` leaves the insurer out of the list. */
const figureValueArb = fc.oneof(fc.constant('absent' as const), fc.constant(null), fc.integer({ min: -3, max: 3 }));

const nationArb = (framework: Framework, maxInsurers: number): fc.Arbitrary<NationalScoringInput> => {
  const indicators = frameworkIndicators(framework).map((l) => l.indicator);
  const numeric = indicators.filter((i): i is NumericIndicator => i.answerType === 'numeric');
  const insurerArb = (code: string): fc.Arbitrary<NationalInsurerInput> =>
    fc
      .tuple(fc.constantFrom('01', '13', '24', '47'), fc.tuple(...indicators.map(answerArb)))
      .map(([prefectureCode, answers]) => ({
        code,
        prefectureCode,
        answers: Object.fromEntries(
          indicators.flatMap((indicator, i) => (answers[i] === null ? [] : [[indicator.id, answers[i]]])),
        ),
      }));
  return fc
    .uniqueArray(fc.stringMatching(/^[0-9]{6}$/), { minLength: 1, maxLength: maxInsurers })
    .chain((codes) =>
      fc.tuple(
        fc.tuple(...codes.map(insurerArb)),
        fc.tuple(...numeric.map(() => fc.tuple(...codes.map(() => figureValueArb)))),
      ),
    )
    .map(([insurers, values]) => ({
      insurers,
      figures: Object.fromEntries(
        numeric.map((indicator, k) => [
          indicator.id,
          insurers.flatMap((insurer, i): NationalFigure[] =>
            values[k][i] === 'absent' ? [] : [{ code: insurer.code, value: values[k][i] as number | null }],
          ),
        ]),
      ),
    }));
};

const scenarioArb = (maxInsurers: number) =>
  frameworkArb.chain((framework) => fc.tuple(fc.constant(framework), nationArb(framework, maxInsurers)));

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

function expectScoresWithinMaxima(national: NationalScore): void {
  for (const insurer of national.insurers) {
    expect(insurer.score).toBe(sum(insurer.grants.map((g) => g.score)));
    expect(insurer.score).toBeLessThanOrEqual(insurer.maxPoints);
    for (const grant of insurer.grants) {
      expect(grant.score).toBe(sum(grant.goals.map((g) => g.score)));
      expect(grant.score).toBeLessThanOrEqual(grant.maxPoints);
      for (const goal of grant.goals) {
        expect(goal.score).toBe(sum(goal.groups.map((g) => g.score)));
        expect(goal.score).toBeLessThanOrEqual(goal.maxPoints);
        for (const group of goal.groups) {
          expect(group.score).toBe(sum(group.indicators.map((i) => i.points)));
          expect(group.score).toBeLessThanOrEqual(group.maxPoints);
          expect(group.rate.ratio.numerator * group.maxPoints).toBe(group.score * group.rate.ratio.denominator);
          for (const indicator of group.indicators) {
            expect(Number.isSafeInteger(indicator.points)).toBe(true);
            expect(indicator.points).toBeGreaterThanOrEqual(0);
            expect(indicator.points).toBeLessThanOrEqual(indicator.maxPoints);
          }
        }
      }
    }
  }
}

/** Ordinal ranks are a permutation 1…n in score order, ties by code; competition = 1 + strictly higher scores. */
function expectConsistentRanks(entries: readonly { code: string; score: number; rank: Rank }[]): void {
  const n = entries.length;
  const byOrdinal = [...entries].sort((a, b) => a.rank.ordinal - b.rank.ordinal);
  expect(byOrdinal.map((e) => e.rank.ordinal)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  byOrdinal.forEach((entry, i) => {
    expect(entry.rank.outOf).toBe(n);
    expect(entry.rank.competition).toBe(1 + entries.filter((other) => other.score > entry.score).length);
    expect(entry.rank.competition).toBeLessThanOrEqual(entry.rank.ordinal);
    if (i > 0) {
      const previous = byOrdinal[i - 1];
      expect(previous.score).toBeGreaterThanOrEqual(entry.score);
      if (previous.score === entry.score) {
        expect(previous.code < entry.code).toBe(true);
        expect(previous.rank.competition).toBe(entry.rank.competition);
      }
    }
  });
}

function expectAllRanksConsistent(national: NationalScore): void {
  const views = [
    (i: NationalScore['insurers'][number]) => ({ score: i.score, ranks: i.ranks }),
    ...national.insurers[0].grants.map(
      (_, g) => (i: NationalScore['insurers'][number]) => ({ score: i.grants[g].score, ranks: i.grants[g].ranks }),
    ),
  ];
  for (const view of views) {
    const entries = national.insurers.map((insurer) => ({ code: insurer.code, ...view(insurer) }));
    expectConsistentRanks(entries.map((e) => ({ code: e.code, score: e.score, rank: e.ranks.national })));
    const prefectures = new Set(national.insurers.map((i) => i.prefectureCode));
    for (const prefecture of prefectures) {
      const members = national.insurers.filter((i) => i.prefectureCode === prefecture).map((i) => i.code);
      expectConsistentRanks(
        entries
          .filter((e) => members.includes(e.code))
          .map((e) => ({ code: e.code, score: e.score, rank: e.ranks.prefecture })),
      );
    }
  }
}

describe('scoreNation', () => {
  describe('properties', () => {
    it('never lets a score exceed its maximum, and each level is the sum of the one below', () =>
      fc.assert(
        fc.property(scenarioArb(12), ([framework, input]) =>
          expectScoresWithinMaxima(scoreNation(framework, input)),
        ),
        { numRuns: 150 },
      ));

    it('never exceeds the maxima of the FY2024 municipal framework either', () =>
      fc.assert(
        fc.property(nationArb(FY2024_MUNICIPAL_FRAMEWORK, 40), (input) => {
          const national = scoreNation(FY2024_MUNICIPAL_FRAMEWORK, input);
          expectScoresWithinMaxima(national);
          expect(national.insurers.every((i) => i.maxPoints === 800)).toBe(true);
        }),
        { numRuns: 30 },
      ));

    it('ranks consistently: ordinal a permutation in score order, competition shared by ties', () =>
      fc.assert(
        fc.property(scenarioArb(25), ([framework, input]) => expectAllRanksConsistent(scoreNation(framework, input))),
        { numRuns: 150 },
      ));

    it('gives national rates as the sum of scores over n × max', () =>
      fc.assert(
        fc.property(scenarioArb(12), ([framework, input]) => {
          const national = scoreNation(framework, input);
          const n = input.insurers.length;
          let index = 0;
          framework.grants.forEach((grant, g) => {
            grant.goals.forEach((goal, k) =>
              goal.groups.forEach((group, j) => {
                const rate = national.groupRates[index];
                index += 1;
                expect(rate).toMatchObject({ grant: grant.grant, goalId: goal.id, groupId: group.id });
                expect(rate.scoreSum).toBe(sum(national.insurers.map((i) => i.grants[g].goals[k].groups[j].score)));
                expect(rate.maxPoints).toBe(n * group.maxPoints);
              }),
            );
            expect(national.grantRates[g].scoreSum).toBe(sum(national.insurers.map((i) => i.grants[g].score)));
          });
          expect(national.totalRate.scoreSum).toBe(sum(national.insurers.map((i) => i.score)));
        }),
        { numRuns: 100 },
      ));

    it('does not depend on the order of insurers, figures or answer keys', () =>
      fc.assert(
        fc.property(
          scenarioArb(15).chain(([framework, input]) =>
            fc.tuple(
              fc.constant(framework),
              fc.constant(input),
              fc.shuffledSubarray([...input.insurers], { minLength: input.insurers.length }),
              fc.tuple(
                ...Object.values(input.figures).map((list) =>
                  fc.shuffledSubarray([...list], { minLength: list.length }),
                ),
              ),
            ),
          ),
          ([framework, input, shuffledInsurers, shuffledFigureLists]) => {
            const reordered: NationalScoringInput = {
              insurers: shuffledInsurers.map((insurer) => ({
                ...insurer,
                answers: Object.fromEntries(Object.entries(insurer.answers).reverse()),
              })),
              figures: Object.fromEntries(
                Object.keys(input.figures)
                  .map((id, k) => [id, shuffledFigureLists[k]] as const)
                  .reverse(),
              ),
            };
            expect(scoreNation(framework, reordered)).toEqual(scoreNation(framework, input));
          },
        ),
        { numRuns: 100 },
      ));
  });

  describe('input checks', () => {
    const framework = FY2024_MUNICIPAL_FRAMEWORK;
    const insurer = (code: string, prefectureCode = '24'): NationalInsurerInput => ({
      code,
      prefectureCode,
      answers: {},
    });
    const rejects = (input: NationalScoringInput, reason: string, field: string) =>
      expect(() => scoreNation(framework, input)).toThrow(
        expect.objectContaining({ code: 'SCORING.INVALID_INPUT', reason, field }),
      );

    it('needs at least one insurer', () => rejects({ insurers: [], figures: {} }, 'EMPTY_NATION', 'insurers'));

    it('rejects duplicate insurers and unknown prefectures', () => {
      rejects({ insurers: [insurer('242055'), insurer('242055')], figures: {} }, 'DUPLICATE_CODE', 'insurers[1].code');
      rejects(
        { insurers: [insurer('242055', '48')], figures: {} },
        'INVALID_PREFECTURE_CODE',
        'insurers[0].prefectureCode',
      );
    });

    it('rejects figures for unknown insurers, unknown indicators or self-assessed indicators', () => {
      const insurers = [insurer('242055')];
      rejects(
        { insurers, figures: { 'suishin-I-ii-1': [{ code: '011002', value: 1 }] } },
        'UNKNOWN_INSURER',
        'figures.suishin-I-ii-1[0].code',
      );
      rejects({ insurers, figures: { 'suishin-I-ii-9': [] } }, 'UNKNOWN_INDICATOR', 'figures.suishin-I-ii-9');
      rejects({ insurers, figures: { 'suishin-I-i-1': [] } }, 'NOT_NUMERIC', 'figures.suishin-I-i-1');
      rejects(
        {
          insurers,
          figures: {
            'suishin-I-ii-1': [
              { code: '242055', value: 1 },
              { code: '242055', value: 2 },
            ],
          },
        },
        'DUPLICATE_CODE',
        'figures.suishin-I-ii-1[1].code',
      );
    });

    it('points the error of an answer at the insurer that gave it', () =>
      rejects(
        {
          insurers: [
            insurer('011002'),
            { ...insurer('242055'), answers: { 'suishin-I-i-1': { answerType: 'choice', optionIds: [] } } },
          ],
          figures: {},
        },
        'ANSWER_TYPE_MISMATCH',
        'insurers[1].answers.suishin-I-i-1',
      ));
  });
});
