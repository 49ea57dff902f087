/**
 * An exact non-negative fraction of integers in lowest terms, e.g. a score rate 18/36 = 1/2. Points are small
 * integers, so numerator and denominator stay far below 2^53; the check below makes that an enforced assumption.
 */
export interface Ratio {
  readonly numerator: number;
  readonly denominator: number;
}

/** A score rate (得点率): the exact ratio score / maximum and its display form such as `27.3%`. */
export interface ScoreRate {
  readonly ratio: Ratio;
  readonly display: string;
}

function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) {
    const r = x % y;
    x = y;
    y = r;
  }
  return x;
}

/** Builds `numerator / denominator` in lowest terms, so equal rates are deep-equal. */
export function ratio(numerator: number, denominator: number): Ratio {
  if (!Number.isSafeInteger(numerator) || numerator < 0) {
    throw new RangeError(`Ratio numerator must be a safe integer ≥ 0, got ${numerator}`);
  }
  if (!Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new RangeError(`Ratio denominator must be a safe integer > 0, got ${denominator}`);
  }
  if (numerator === 0) return { numerator: 0, denominator: 1 };
  const divisor = gcd(numerator, denominator);
  return { numerator: numerator / divisor, denominator: denominator / divisor };
}

/**
 * Display rule: the percentage rounded half up to `decimals` places (e.g. 3/11 → `27.3%`, 1/8 → `12.5%`,
 * 1/16 → `6.3%`). Computed in BigInt from the exact ratio, so the string never shows a binary-float artefact. For
 * display only; ranks and amounts use the exact points.
 */
export function formatPercent(value: Ratio, decimals = 1): string {
  if (!Number.isSafeInteger(decimals) || decimals < 0) throw new RangeError(`decimals must be an integer ≥ 0`);
  const scale = 10n ** BigInt(decimals);
  const numerator = BigInt(value.numerator) * 100n * scale;
  const denominator = BigInt(value.denominator);
  const scaled = (2n * numerator + denominator) / (2n * denominator);
  const fraction = decimals > 0 ? `.${(scaled % scale).toString().padStart(decimals, '0')}` : '';
  return `${scaled / scale}${fraction}%`;
}

/** The rate `score / maxPoints` with its one-decimal display, the form published per indicator group. */
export function scoreRate(score: number, maxPoints: number): ScoreRate {
  const exact = ratio(score, maxPoints);
  return { ratio: exact, display: formatPercent(exact) };
}
