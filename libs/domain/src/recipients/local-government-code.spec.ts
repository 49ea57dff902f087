import fc from 'fast-check';
import { checkDigit, isValidLocalGovernmentCode, withCheckDigit } from './local-government-code';

describe('the local government code check digit', () => {
  it.each([
    ['東京都', '13000', 1],
    ['桑名市', '24205', 5],
    ['北海道', '01000', 6],
    ['札幌市', '01100', 2],
    ['大阪府', '27000', 8],
    ['三重県', '24000', 1],
  ])('gives %s the published check digit (%s → %i)', (_name, first5, digit) => {
    expect(checkDigit(first5)).toBe(digit);
    expect(isValidLocalGovernmentCode(`${first5}${digit}`)).toBe(true);
  });

  it('follows the rule step by step for 桑名市: 2·6+4·5+2·4+0·3+5·2 = 50, 50 mod 11 = 6, 11 − 6 = 5', () => {
    expect(checkDigit('24205')).toBe(5);
  });

  it('maps remainder 0 to 1 and remainder 1 to 0', () => {
    // 00000: sum 0, r = 0 → (11 − 0) mod 10 = 1.
    expect(checkDigit('00000')).toBe(1);
    // 00023: 2·3 + 3·2 = 12, r = 1 → (11 − 1) mod 10 = 0.
    expect(checkDigit('00023')).toBe(0);
  });

  it('rejects a code with a wrong check digit, a wrong length, full-width digits or a non-string', () => {
    expect(isValidLocalGovernmentCode('242056')).toBe(false);
    expect(isValidLocalGovernmentCode('24205')).toBe(false);
    expect(isValidLocalGovernmentCode('2420550')).toBe(false);
    expect(isValidLocalGovernmentCode('２４２０５５')).toBe(false);
    expect(isValidLocalGovernmentCode(242055)).toBe(false);
    expect(isValidLocalGovernmentCode(null)).toBe(false);
  });

  it('refuses to compute a check digit for anything but five ASCII digits', () => {
    expect(() => checkDigit('2420')).toThrow(RangeError);
    expect(() => checkDigit('2420a')).toThrow(RangeError);
    expect(() => checkDigit('２４２０５')).toThrow(RangeError);
  });

  it('accepts exactly one of the ten possible last digits for any five digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{5}$/), (first5) => {
        const valid = [...'0123456789'].filter((d) => isValidLocalGovernmentCode(`${first5}${d}`));
        expect(valid).toEqual([String(checkDigit(first5))]);
        expect(isValidLocalGovernmentCode(withCheckDigit(first5))).toBe(true);
      }),
    );
  });
});
