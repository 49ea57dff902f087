import {
  DerivedIndicator,
  Framework,
  frameworkIndicators,
  frameworkRules,
  GoalId,
  GrantId,
  groupIndicators,
  GroupKind,
  isCombinedNumeric,
  NumericIndicator,
} from '../framework/framework';
import { measureFigureKey } from '../framework/framework-v2';
import { bandDerived, MunicipalResult, municipalAverages, noMarkedlyLowPoints, requireMunicipalResult } from './derived-items';
import { isPrefectureCode } from '../recipients/prefectures';
import { IndicatorAnswer } from './answer-points';
import { BandPlacement, NationalFigure, percentileBandPoints } from './percentile-bands';
import { compareCodes, Rank, rankByScore } from './ranking';
import { GrantScore, InsurerScore, scoreInsurer } from './score-insurer';
import { ScoreRate, scoreRate } from './score-rate';
import { InvalidScoringInput } from './scoring.errors';

/** One insurer of the nation with its (reviewed) answers. */
export interface NationalInsurerInput {
  readonly code: string;
  /** Two-digit prefecture code (`01` … `47`), the scope of the in-prefecture rank. */
  readonly prefectureCode: string;
  readonly answers: Readonly<Record<string, IndicatorAnswer>>;
}

/** Everything the national scoring step needs once every insurer's answers and figures are in. */
export interface NationalScoringInput {
  readonly insurers: readonly NationalInsurerInput[];
  /**
   * National figures by numeric indicator id. An insurer absent from an indicator's list is treated like a `null`
   * figure: 0 points, and not counted in n.
   */
  readonly figures: Readonly<Record<string, readonly NationalFigure[]>>;
  /**
   * The municipal result of the same year, which a prefectural framework's derived items read (v2
   * `municipalAverage`, `noMarkedlyLowMunicipality`). A municipal `NationalScore` is one.
   */
  readonly municipal?: MunicipalResult;
}

/** National rank and rank within the insurer's prefecture. */
export interface ScoreRanks {
  readonly national: Rank;
  readonly prefecture: Rank;
}

export interface RankedGrantScore extends GrantScore {
  readonly ranks: ScoreRanks;
}

export interface NationalInsurerScore extends Omit<InsurerScore, 'grants'> {
  readonly prefectureCode: string;
  /** Ranks of the total over all grants. */
  readonly ranks: ScoreRanks;
  readonly grants: readonly RankedGrantScore[];
}

/** A national rate: the sum of every insurer's score over n × the maximum (全国平均の得点率). */
export interface NationalRate {
  readonly scoreSum: number;
  /** n × the maximum of one insurer. */
  readonly maxPoints: number;
  readonly rate: ScoreRate;
}

export interface NationalGroupRate extends NationalRate {
  readonly grant: GrantId;
  readonly goalId: GoalId;
  readonly groupId: string;
  readonly kind: GroupKind;
}

export interface NationalGrantRate extends NationalRate {
  readonly grant: GrantId;
}

export interface NumericIndicatorPlacements {
  /** A numeric indicator, a measure of a combined item (`<indicatorId>.<measureId>`) or a derived item. */
  readonly indicatorId: string;
  /** Every insurer of the nation, sorted by code, with its figure (or `null`), rank and points. */
  readonly placements: readonly BandPlacement[];
}

/** The national scoring of one framework: every insurer's score and ranks, and the national rates. */
export interface NationalScore {
  readonly fiscalYear: string;
  readonly insurerCount: number;
  /** Sorted by code. */
  readonly insurers: readonly NationalInsurerScore[];
  /** In framework order. */
  readonly groupRates: readonly NationalGroupRate[];
  readonly grantRates: readonly NationalGrantRate[];
  readonly totalRate: NationalRate;
  /** In framework order: the audit trail of the percentile step. */
  readonly numericPlacements: readonly NumericIndicatorPlacements[];
}

/**
 * The national step (DOMAIN.md workflow step 5): percentile-band points of every numeric indicator from the national
 * figures, then every insurer's score, the national rates per group and grant, and ranks of the total and of each
 * grant, nationally and within each prefecture.
 *
 * Under the year's rules (`frameworkRules`: v1 files the legacy rules). v2, in this declared order: (1) answers and
 * banded measures (a combined item: `alt` the better measure, `add` the sum, capped at its points), groups capped at
 * their maxima; (2) derived items: municipal `ownTotal` bands each insurer's first-pass total, prefectural
 * `municipalAverage` and `noMarkedlyLowMunicipality` read `input.municipal`; then every insurer is scored again with
 * them. A shared group is scored once per insurer and stands (with the same score) in each grant it counts in.
 *
 * Deterministic and independent of input order: insurers come out sorted by code, rates are sums, and ranks depend
 * only on scores and codes (competition rank: ties share the best rank; ordinal: ties broken by code ascending).
 */
export function scoreNation(framework: Framework, input: NationalScoringInput): NationalScore {
  if (input.insurers.length === 0) {
    throw new InvalidScoringInput(
      'insurers',
      'EMPTY_NATION',
      '保険者が1件もありません',
      'the national step needs at least one insurer',
    );
  }
  const indexByCode = checkInsurers(input.insurers);
  const numericIndicators = frameworkIndicators(framework)
    .map((located) => located.indicator)
    .filter((indicator): indicator is NumericIndicator => indicator.answerType === 'numeric');
  checkFigures(input.figures, numericIndicators, framework, indexByCode);
  const rules = frameworkRules(framework);

  const numericPlacements = numericIndicators.map((indicator): NumericIndicatorPlacements => {
    const given = Object.hasOwn(input.figures, indicator.id) ? input.figures[indicator.id] : [];
    const reported = new Set(given.map((figure) => figure.code));
    const absent = [...indexByCode.keys()].filter((code) => !reported.has(code)).map((code) => ({ code, value: null }));
    return { indicatorId: indicator.id, placements: percentileBandPoints([...given, ...absent], indicator, rules) };
  });
  const placementPoints = new Map<string, Map<string, number>>();
  const addPoints = ({ indicatorId, placements }: NumericIndicatorPlacements) => {
    for (const placement of placements) {
      const points = placementPoints.get(placement.code) ?? new Map<string, number>();
      points.set(indicatorId, placement.points);
      placementPoints.set(placement.code, points);
    }
  };
  numericPlacements.forEach(addPoints);

  const items = groupIndicators(framework).map((located) => located.indicator);
  /** Points of every item nobody answers: numeric, combined and (once computed) derived. */
  const itemPoints = (code: string): Record<string, number> => {
    const byKey = placementPoints.get(code) ?? new Map<string, number>();
    const points: Record<string, number> = {};
    for (const item of items) {
      if (isCombinedNumeric(item)) {
        const measures = item.measures.map((m) => byKey.get(measureFigureKey(item.id, m.id)) ?? 0);
        const combined = item.combine === 'alt' ? Math.max(...measures) : measures.reduce((a, b) => a + b, 0);
        points[item.id] = Math.min(combined, item.points);
      } else if (item.answerType === 'numeric' || item.answerType === 'derived') {
        const value = byKey.get(item.id);
        if (value !== undefined) points[item.id] = value;
      }
    }
    return points;
  };

  const sortedInsurers = [...input.insurers].sort((a, b) => compareCodes(a.code, b.code));
  const scoreAll = () =>
    sortedInsurers.map((insurer) =>
      scoreInsurer(
        framework,
        { code: insurer.code, answers: insurer.answers, numericPoints: itemPoints(insurer.code) },
        `insurers[${indexByCode.get(insurer.code)}].`,
      ),
    );
  let scores = scoreAll();

  const derived = items.filter((item): item is DerivedIndicator => item.answerType === 'derived');
  if (derived.length > 0) {
    const codes = sortedInsurers.map((insurer) => insurer.code);
    for (const item of derived) {
      let placements: BandPlacement[];
      if (item.source === 'ownTotal') {
        placements = bandDerived(item, scores.map((s) => ({ code: s.code, value: s.score })), rules);
      } else if (item.source === 'municipalAverage') {
        placements = bandDerived(item, municipalAverages(codes, requireMunicipalResult(input.municipal, item.id)), rules);
      } else {
        placements = noMarkedlyLowPoints(item, codes, requireMunicipalResult(input.municipal, item.id));
      }
      const entry = { indicatorId: item.id, placements };
      numericPlacements.push(entry);
      addPoints(entry);
    }
    scores = scoreAll();
  }

  const prefectureOf = new Map(sortedInsurers.map((insurer) => [insurer.code, insurer.prefectureCode]));
  const totalRanks = rankWithinNationAndPrefecture(
    scores.map((s) => ({ code: s.code, score: s.score })),
    prefectureOf,
  );
  const grantRanks = framework.grants.map((grant, g) =>
    rankWithinNationAndPrefecture(
      scores.map((s) => ({ code: s.code, score: s.grants[g].score })),
      prefectureOf,
    ),
  );

  const insurers = scores.map(
    (score): NationalInsurerScore => ({
      ...score,
      prefectureCode: prefectureOf.get(score.code) as string,
      ranks: totalRanks.get(score.code) as ScoreRanks,
      grants: score.grants.map((grant, g) => ({ ...grant, ranks: grantRanks[g].get(score.code) as ScoreRanks })),
    }),
  );

  const n = scores.length;
  const groupRates: NationalGroupRate[] = [];
  framework.grants.forEach((grant, g) =>
    grant.goals.forEach((goal, k) =>
      goal.groups.forEach((group, j) => {
        const scoreSum = sumOf(scores.map((s) => s.grants[g].goals[k].groups[j].score));
        groupRates.push({
          grant: grant.grant,
          goalId: goal.id,
          groupId: group.id,
          kind: group.kind,
          ...nationalRate(scoreSum, n * group.maxPoints),
        });
      }),
    ),
  );
  const grantRates = framework.grants.map(
    (grant, g): NationalGrantRate => ({
      grant: grant.grant,
      ...nationalRate(sumOf(scores.map((s) => s.grants[g].score)), n * grant.maxPoints),
    }),
  );
  const totalRate = nationalRate(sumOf(scores.map((s) => s.score)), n * scores[0].maxPoints);

  return {
    fiscalYear: framework.fiscalYear,
    insurerCount: n,
    insurers,
    groupRates,
    grantRates,
    totalRate,
    numericPlacements,
  };
}

const sumOf = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

function nationalRate(scoreSum: number, maxPoints: number): NationalRate {
  return { scoreSum, maxPoints, rate: scoreRate(scoreSum, maxPoints) };
}

function rankWithinNationAndPrefecture(
  entries: readonly { code: string; score: number }[],
  prefectureOf: ReadonlyMap<string, string>,
): Map<string, ScoreRanks> {
  const national = rankByScore(entries);
  const byPrefecture = new Map<string, { code: string; score: number }[]>();
  for (const entry of entries) {
    const prefecture = prefectureOf.get(entry.code) as string;
    byPrefecture.set(prefecture, [...(byPrefecture.get(prefecture) ?? []), entry]);
  }
  const prefectural = new Map<string, Rank>();
  for (const members of byPrefecture.values()) {
    for (const [code, rank] of rankByScore(members)) prefectural.set(code, rank);
  }
  return new Map(
    entries.map((entry) => [
      entry.code,
      { national: national.get(entry.code) as Rank, prefecture: prefectural.get(entry.code) as Rank },
    ]),
  );
}

/** Checks codes and prefectures; returns each code's index in the input, for error paths. */
function checkInsurers(insurers: readonly NationalInsurerInput[]): Map<string, number> {
  const indexByCode = new Map<string, number>();
  insurers.forEach((insurer, i) => {
    if (typeof insurer.code !== 'string' || insurer.code === '') {
      throw new InvalidScoringInput(`insurers[${i}].code`, 'EMPTY_CODE', '保険者コードが空です', 'code is empty');
    }
    const first = indexByCode.get(insurer.code);
    if (first !== undefined) {
      throw new InvalidScoringInput(
        `insurers[${i}].code`,
        'DUPLICATE_CODE',
        `保険者 ${insurer.code} が重複しています（insurers[${first}]）`,
        `insurer ${insurer.code} appears twice (first at insurers[${first}])`,
      );
    }
    if (!isPrefectureCode(insurer.prefectureCode)) {
      throw new InvalidScoringInput(
        `insurers[${i}].prefectureCode`,
        'INVALID_PREFECTURE_CODE',
        '都道府県コードは 01〜47 の2桁で指定してください',
        'prefectureCode must be a two-digit code from 01 to 47',
      );
    }
    indexByCode.set(insurer.code, i);
  });
  return indexByCode;
}

function checkFigures(
  figures: Readonly<Record<string, readonly NationalFigure[]>>,
  numericIndicators: readonly NumericIndicator[],
  framework: Framework,
  indexByCode: ReadonlyMap<string, number>,
): void {
  const numericIds = new Set(numericIndicators.map((indicator) => indicator.id));
  const allIds = new Set(groupIndicators(framework).map((located) => located.indicator.id));
  for (const id of Object.keys(figures).sort()) {
    if (!numericIds.has(id)) {
      const known = allIds.has(id);
      throw new InvalidScoringInput(
        `figures.${id}`,
        known ? 'NOT_NUMERIC' : 'UNKNOWN_INDICATOR',
        known ? `指標 ${id} は数値評価の指標ではありません` : `指標 ${id} はこの指標体系にありません`,
        known ? `indicator ${id} is not a numeric indicator` : `the framework has no indicator ${id}`,
      );
    }
    figures[id].forEach((figure, i) => {
      if (!indexByCode.has(figure.code)) {
        throw new InvalidScoringInput(
          `figures.${id}[${i}].code`,
          'UNKNOWN_INSURER',
          `保険者 ${figure.code} は採点対象にありません`,
          `insurer ${figure.code} is not among the insurers scored`,
        );
      }
    });
  }
}
