/**
 * 地方公共団体コード (local government code, JIS X 0401/0402 based): five digits (two for the prefecture, three for
 * the municipality, `000` for the prefecture itself) followed by one check digit, e.g. 桑名市 `242055`.
 */
export type LocalGovernmentCode = string;

/** Weights of the five leading digits in the check-digit rule (総務省「全国地方公共団体コード」). */
const CHECK_DIGIT_WEIGHTS = [6, 5, 4, 3, 2] as const;

const FIVE_DIGITS = /^[0-9]{5}$/;
const SIX_DIGITS = /^[0-9]{6}$/;

/**
 * The check digit of a local government code: weights 6,5,4,3,2 on the five digits, r = sum mod 11, and the digit is
 * (11 − r) mod 10. So r = 0 gives 1 and r = 1 gives 0 (11 − 1 = 10 → 0): the official rule folds both "10" and "11"
 * into one digit, which is why the final `mod 10` is there and not a plain `11 − r`.
 *
 * Only ASCII digits are accepted: a full-width `２４２０５` is a data-entry error to reject, not a code to normalise.
 */
export function checkDigit(first5: string): number {
  if (!FIVE_DIGITS.test(first5)) {
    throw new RangeError(`checkDigit expects exactly five ASCII digits, got ${JSON.stringify(first5)}`);
  }
  let sum = 0;
  for (let i = 0; i < CHECK_DIGIT_WEIGHTS.length; i += 1) {
    sum += (first5.charCodeAt(i) - 48) * CHECK_DIGIT_WEIGHTS[i];
  }
  return (11 - (sum % 11)) % 10;
}

/** True when `code` is six ASCII digits whose last digit is the check digit of the first five. Never throws. */
export function isValidLocalGovernmentCode(code: unknown): code is LocalGovernmentCode {
  if (typeof code !== 'string' || !SIX_DIGITS.test(code)) return false;
  return checkDigit(code.slice(0, 5)) === code.charCodeAt(5) - 48;
}

/** Appends the check digit to five digits, e.g. `24205` → `242055`. */
export function withCheckDigit(first5: string): LocalGovernmentCode {
  return `${first5}${checkDigit(first5)}`;
}
