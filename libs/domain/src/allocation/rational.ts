/** An exact fraction (e.g. of yen), numerator over a positive denominator, in lowest terms. Never a float. */
export interface Rational {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

export const ZERO: Rational = { numerator: 0n, denominator: 1n };

/** Greatest common divisor (Euclid), always ≥ 0. */
export function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) {
    const r = x % y;
    x = y;
    y = r;
  }
  return x;
}

/** Builds a rational in lowest terms with a positive denominator, so equal values are deep-equal. */
export function rational(numerator: bigint, denominator = 1n): Rational {
  if (denominator === 0n) throw new RangeError('Rational denominator must not be zero');
  if (numerator === 0n) return ZERO;
  const sign = denominator < 0n ? -1n : 1n;
  const divisor = gcd(numerator, denominator);
  return { numerator: (sign * numerator) / divisor, denominator: (sign * denominator) / divisor };
}

/**
 * `total × weight / weightTotal` in lowest terms for every weight. gcd(total × w, W) = gcd(w, W / gcd(total, W)) once
 * total and W are made coprime, so each share needs a gcd of smaller numbers (the gcd dominates the engine's time).
 */
export function proportionalShares(total: bigint, weights: readonly bigint[], weightTotal: bigint): Rational[] {
  const common = gcd(total, weightTotal);
  const reducedTotal = total / common;
  const reducedWeightTotal = weightTotal / common;
  return weights.map((weight) => {
    if (weight === 0n || reducedTotal === 0n) return ZERO;
    const divisor = gcd(weight, reducedWeightTotal);
    return { numerator: reducedTotal * (weight / divisor), denominator: reducedWeightTotal / divisor };
  });
}

/**
 * Display rule: round half away from zero to `decimals` places (e.g. 3192857.142857… → "3192857.143"). For showing
 * exact shares only; paid amounts come from the largest-remainder rule, never from this string.
 */
export function toDecimalString(value: Rational, decimals: number): string {
  const negative = value.numerator < 0n;
  const magnitude = negative ? -value.numerator : value.numerator;
  const scaled = (2n * magnitude * 10n ** BigInt(decimals) + value.denominator) / (2n * value.denominator);
  // Split the scaled integer's digits instead of dividing again: this runs once per recipient.
  const digits = scaled.toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = decimals > 0 ? `.${digits.slice(digits.length - decimals)}` : '';
  return `${negative && scaled !== 0n ? '-' : ''}${whole}${fraction}`;
}

/** a + b, in lowest terms. */
export function addRational(a: Rational, b: Rational): Rational {
  return rational(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator);
}
