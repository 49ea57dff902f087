import { NumericIndicator } from '../framework/framework';
import { FrameworkRules, LEGACY_RULES } from '../framework/framework-v2';
import { compareCodes, rankItems } from './ranking';
import { InvalidScoringInput } from './scoring.errors';

/** One insurer's national figure for a numeric indicator; `null` when the figure is missing (e.g. not reported). */
export interface NationalFigure {
  readonly code: string;
  readonly value: number | null;
}

/** Where an insurer landed in a numeric indicator's national distribution, and the points that earns. */
export interface BandPlacement {
  readonly code: string;
  readonly value: number | null;
  /** Competition rank among the insurers with a figure (ties share the best rank); `null` for a missing figure. */
  readonly rank: number | null;
  /** `topPercent` of the band reached, or `null` when no band was reached or the figure is missing. */
  readonly topPercent: number | null;
  readonly points: number;
}

/**
 * The last rank position inside the national top `topPercent` % of `rankedCount` insurers. `ceil` (v1 legacy):
 * ⌈n × p / 100⌉, in integers as ⌊(n × p + 99) / 100⌋ so that e.g. 10% of 1,741 is exactly position 175, never
 * 174.99999. `floor` (v2 default, the published counts): ⌊n × p / 100⌋, e.g. 1,218 / 870 / 522 / 174 of 1,741.
 */
export function bandThresholdPosition(
  rankedCount: number,
  topPercent: number,
  rule: FrameworkRules['bandThreshold'] = 'ceil',
): number {
  if (!Number.isSafeInteger(rankedCount) || rankedCount < 0) {
    throw new RangeError(`rankedCount must be an integer ≥ 0, got ${rankedCount}`);
  }
  if (!Number.isSafeInteger(topPercent) || topPercent < 1 || topPercent > 100) {
    throw new RangeError(`topPercent must be an integer from 1 to 100, got ${topPercent}`);
  }
  const product = rankedCount * topPercent;
  return rule === 'floor' ? (product - (product % 100)) / 100 : Math.floor((product + 99) / 100);
}

/** The rules of one banded measure: the year's threshold and missing-figure rules, and the item's ranking base. */
export interface BandRules {
  readonly bandThreshold: FrameworkRules['bandThreshold'];
  readonly missingFigures: FrameworkRules['missingFigures'];
}

const LEGACY_BAND_RULES: BandRules = LEGACY_RULES;

/**
 * Points of a numeric indicator (活動指標・成果指標, 国による数値評価) for every insurer, from the national
 * distribution of its figure. Result sorted by code, whatever the order of `figures`.
 *
 * Rules of v2 frameworks (`rules`; the defaults below are the v1 legacy rules):
 * - `bandThreshold: 'floor'`: top p when rank ≤ ⌊n × p / 100⌋ (`ceil`: ⌈n × p / 100⌉, below).
 * - `missingFigures: 'zero-in-n'`: a missing figure scores 0 but stays in n (`excluded`: below).
 * - the indicator's `base: 'nonZero'`: only non-zero figures are ranked and counted in n; zero and missing score 0.
 *
 * Legacy rules:
 * - Only insurers with a figure are ranked; n is their number. A missing figure (`null`) earns 0 points and does not
 *   count in n, so that unreported data neither earns points nor widens the bands for others.
 * - Figures are ranked by the indicator's direction (`higherIsBetter`: larger first; `lowerIsBetter`: smaller first).
 * - Tie rule: competition ranking, so equal figures share the best rank r (1 + the number of strictly better
 *   figures). An insurer is in the top p % when r ≤ ceil(n × p / 100), and earns the points of the first (best) band
 *   it is in. Equal figures therefore always earn equal points, even when a tie straddles a threshold: the band then
 *   holds more than p % of insurers, rather than splitting tied insurers by an arbitrary key such as their code.
 */
export function percentileBandPoints(
  figures: readonly NationalFigure[],
  indicator: NumericIndicator,
  rules: BandRules = LEGACY_BAND_RULES,
): BandPlacement[] {
  if (indicator.answerType !== 'numeric') {
    throw new InvalidScoringInput(
      `figures.${indicator.id}`,
      'NOT_NUMERIC',
      `指標 ${indicator.id} は数値評価の指標ではありません`,
      `indicator ${indicator.id} is not a numeric indicator`,
    );
  }
  const seen = new Set<string>();
  figures.forEach((figure, i) => {
    const field = `figures.${indicator.id}[${i}]`;
    if (typeof figure.code !== 'string' || figure.code === '') {
      throw new InvalidScoringInput(`${field}.code`, 'EMPTY_CODE', '保険者コードが空です', 'code is empty');
    }
    if (seen.has(figure.code)) {
      throw new InvalidScoringInput(
        `${field}.code`,
        'DUPLICATE_CODE',
        `保険者 ${figure.code} の数値が重複しています`,
        `insurer ${figure.code} has two figures for ${indicator.id}`,
      );
    }
    seen.add(figure.code);
    if (figure.value !== null && (typeof figure.value !== 'number' || !Number.isFinite(figure.value))) {
      throw new InvalidScoringInput(
        `${field}.value`,
        'NOT_A_FINITE_NUMBER',
        '数値は有限の数または null（欠測）としてください',
        'value must be a finite number, or null when missing',
      );
    }
  });

  const nonZeroOnly = indicator.base === 'nonZero';
  const ranked = figures.filter(
    (f): f is { code: string; value: number } => f.value !== null && (!nonZeroOnly || f.value !== 0),
  );
  const n = rules.missingFigures === 'zero-in-n' && !nonZeroOnly ? figures.length : ranked.length;
  const higherIsBetter = indicator.direction === 'higherIsBetter';
  // Compared with < and > rather than subtraction, so huge figures cannot overflow to a wrong sign or NaN.
  const ranks = rankItems(
    ranked,
    (f) => f.code,
    (a, b) => {
      if (a.value === b.value) return 0;
      const aIsBetter = higherIsBetter ? a.value > b.value : a.value < b.value;
      return aIsBetter ? -1 : 1;
    },
  );
  const thresholds = indicator.bands.map((band) => ({
    band,
    lastPosition: bandThresholdPosition(n, band.topPercent, rules.bandThreshold),
  }));

  return [...figures]
    .sort((a, b) => compareCodes(a.code, b.code))
    .map((figure): BandPlacement => {
      const rank = ranks.get(figure.code)?.competition ?? null;
      const reached = rank === null ? undefined : thresholds.find((t) => rank <= t.lastPosition);
      return {
        code: figure.code,
        value: figure.value,
        rank,
        topPercent: reached?.band.topPercent ?? null,
        points: reached?.band.points ?? 0,
      };
    });
}
