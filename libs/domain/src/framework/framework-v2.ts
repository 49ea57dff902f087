import type { FrameworkLevel, PercentileBand } from './framework';

/**
 * Framework format v2 (scoring as MHLW runs it): the year's versioned scoring rules and the small pieces
 * of the format shared by the parser and the engine. The format itself is documented in framework-v2.schema.json.
 */

/** The year's scoring rules, versioned with the framework (DOMAIN.md: "a versioned parameter of the fiscal year"). */
export interface FrameworkRules {
  /** `floor`: top p when competition rank ≤ ⌊p·n⌋ (v2 default); `ceil`: ⌈p·n⌉ (v1 legacy). */
  readonly bandThreshold: 'floor' | 'ceil';
  /** `zero-in-n`: a missing figure stays in n and scores 0 (v2 default); `excluded`: dropped from n (v1 legacy). */
  readonly missingFigures: 'zero-in-n' | 'excluded';
  /** A group's score is min(sum of its items, its maxPoints) (v2 default true; v1 groups always sum to their max). */
  readonly groupCap: boolean;
}

export const BAND_THRESHOLDS = ['floor', 'ceil'] as const;
export const MISSING_FIGURE_RULES = ['zero-in-n', 'excluded'] as const;

/** The rules every v1 file is scored with, so recorded years replay exactly. */
export const LEGACY_RULES: FrameworkRules = { bandThreshold: 'ceil', missingFigures: 'excluded', groupCap: false };
/** The defaults of a v2 file that leaves a rule out. */
export const V2_DEFAULT_RULES: FrameworkRules = { bandThreshold: 'floor', missingFigures: 'zero-in-n', groupCap: true };

/** The four cumulative bands in percent, best first (上位1割, 3割, 5割, 7割). */
export const QUARTILE_PERCENTS = [10, 30, 50, 70] as const;

/** `all` ranks every figure; `nonZero` ranks only non-zero figures (the others score 0). */
export const RANKING_BASES = ['all', 'nonZero'] as const;
export type RankingBase = (typeof RANKING_BASES)[number];

export const EVALUATORS = ['insurer', 'mhlw'] as const;

export const DERIVED_SOURCES = ['ownTotal', 'municipalAverage', 'noMarkedlyLowMunicipality'] as const;
export type DerivedSource = (typeof DERIVED_SOURCES)[number];

/** The level whose framework may hold each derived item. */
export const DERIVED_SOURCE_LEVEL: Readonly<Record<DerivedSource, FrameworkLevel>> = {
  ownTotal: 'municipal',
  municipalAverage: 'prefectural',
  noMarkedlyLowMunicipality: 'prefectural',
};

/**
 * The four cumulative quartile bands of an item worth `points` (divisible by 4), best first: 12 → 上位1割 12,
 * 3割 9, 5割 6, 7割 3 (each band adds ¼ of the points).
 */
export function quartileBands(points: number): PercentileBand[] {
  return QUARTILE_PERCENTS.map((topPercent, i) => ({ topPercent, points: ((4 - i) * points) / 4 }));
}

/** The figure key of a measure of a combined item: `<indicatorId>.<measureId>`, e.g. `IV-1.a`. */
export function measureFigureKey(indicatorId: string, measureId: string): string {
  return `${indicatorId}.${measureId}`;
}
