import { DerivedIndicator } from '../framework/framework';
import { FrameworkRules } from '../framework/framework-v2';
import { BandPlacement, percentileBandPoints } from './percentile-bands';
import { InvalidScoringInput } from './scoring.errors';

/** A municipality's final total of the same year, as the prefectural derived items read it. */
export interface MunicipalTotal {
  readonly code: string;
  readonly prefectureCode: string;
  readonly score: number;
}

/** The municipal result a prefectural scoring reads (a municipal `NationalScore` is one). */
export interface MunicipalResult {
  readonly insurers: readonly MunicipalTotal[];
}

/**
 * Points of a banded derived item from one value per code (a total, or a prefecture's mean), ranked higher first
 * under the year's threshold rule; a `null` value (a prefecture without municipalities) follows the missing rule.
 */
export function bandDerived(
  indicator: DerivedIndicator,
  values: readonly { readonly code: string; readonly value: number | null }[],
  rules: FrameworkRules,
): BandPlacement[] {
  if (!indicator.bands) throw new RangeError(`derived item ${indicator.id} has no bands`);
  return percentileBandPoints(
    values,
    { id: indicator.id, label: indicator.label, points: indicator.points, answerType: 'numeric', direction: 'higherIsBetter', bands: indicator.bands },
    rules,
  );
}

/** Mean total of each prefecture's municipalities (`null` when it has none), for `municipalAverage`. */
export function municipalAverages(
  prefectureCodes: readonly string[],
  municipal: MunicipalResult,
): { code: string; value: number | null }[] {
  const sums = new Map<string, { sum: number; count: number }>();
  for (const m of municipal.insurers) {
    const entry = sums.get(m.prefectureCode) ?? { sum: 0, count: 0 };
    sums.set(m.prefectureCode, { sum: entry.sum + m.score, count: entry.count + 1 });
  }
  // Means of small integers: distinct means differ far above double precision, equal ones are the same double.
  return prefectureCodes.map((code) => {
    const entry = sums.get(code);
    return { code, value: entry ? entry.sum / entry.count : null };
  });
}

/** Sums over all municipalities' totals, the exact form of the national mean and population SD. */
export interface TotalsStatistics {
  readonly n: bigint;
  readonly sum: bigint;
  readonly sumOfSquares: bigint;
}

export function totalsStatistics(totals: readonly number[]): TotalsStatistics {
  let sum = 0n;
  let sumOfSquares = 0n;
  for (const total of totals) {
    const t = BigInt(total);
    sum += t;
    sumOfSquares += t * t;
  }
  return { n: BigInt(totals.length), sum, sumOfSquares };
}

/**
 * 「著しく得点の低い市町村」: a total below (national mean − 2 × population SD) of all municipalities' totals. Exact:
 * t < S/n − 2·√(nQ − S²)/n ⇔ S − n·t > 0 and (S − n·t)² > 4·(nQ − S²).
 */
export function isMarkedlyLow(total: number, stats: TotalsStatistics): boolean {
  const gap = stats.sum - stats.n * BigInt(total);
  return gap > 0n && gap * gap > 4n * (stats.n * stats.sumOfSquares - stats.sum * stats.sum);
}

/** mean − 2·SD as a number, for display (the rule itself is `isMarkedlyLow`, exact). */
export function markedlyLowThreshold(stats: TotalsStatistics): number {
  const n = Number(stats.n);
  const mean = Number(stats.sum) / n;
  const variance = Number(stats.n * stats.sumOfSquares - stats.sum * stats.sum) / (n * n);
  return mean - 2 * Math.sqrt(variance);
}

/**
 * `noMarkedlyLowMunicipality`: full points for a prefecture none of whose municipalities is markedly low (a prefecture
 * with no municipality has none). The placement's value is the number of markedly low municipalities.
 */
export function noMarkedlyLowPoints(
  indicator: DerivedIndicator,
  prefectureCodes: readonly string[],
  municipal: MunicipalResult,
): BandPlacement[] {
  const stats = totalsStatistics(municipal.insurers.map((m) => m.score));
  const low = new Map<string, number>();
  for (const m of municipal.insurers) {
    if (isMarkedlyLow(m.score, stats)) low.set(m.prefectureCode, (low.get(m.prefectureCode) ?? 0) + 1);
  }
  return [...prefectureCodes].sort().map((code) => {
    const count = low.get(code) ?? 0;
    return { code, value: count, rank: null, topPercent: null, points: count === 0 ? indicator.points : 0 };
  });
}

export function requireMunicipalResult(municipal: MunicipalResult | undefined, indicatorId: string): MunicipalResult {
  if (!municipal || municipal.insurers.length === 0) {
    throw new InvalidScoringInput(
      'municipal',
      'MUNICIPAL_RESULT_MISSING',
      `指標 ${indicatorId} は市町村分の採点結果から算定します（結果がありません）`,
      `indicator ${indicatorId} is computed from the municipal result, which is missing`,
    );
  }
  return municipal;
}
