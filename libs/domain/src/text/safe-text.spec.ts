import fc from 'fast-check';
import { DomainError } from '../domain-error';
import { FORBIDDEN_CHARACTERS, findForbiddenCharacter, normaliseText } from './safe-text';

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('names and reasons: one rule for the characters they may hold', () => {
  it.each<[string, string, string, string]>([
    ['a right-to-left override', '桑名\u202E市', 'U+202E', 'bidi'],
    ['a left-to-right isolate', '\u2066桑名市\u2069', 'U+2066', 'bidi'],
    ['a right-to-left mark', '桑名市\u200F', 'U+200F', 'bidi'],
    ['a zero-width space', '桑\u200B名市', 'U+200B', 'zero-width'],
    ['a zero-width joiner', '桑名\u200D市', 'U+200D', 'zero-width'],
    ['a byte-order mark', '\uFEFF桑名市', 'U+FEFF', 'zero-width'],
    ['a line feed', '桑名市\n(旧)', 'U+000A', 'line-break'],
    ['a carriage return', '桑名市\r', 'U+000D', 'line-break'],
    ['a line separator', '桑名市\u2028', 'U+2028', 'line-break'],
    ['a NUL', '桑名市\u0000', 'U+0000', 'control'],
    ['an escape', '\u001B[31m桑名市', 'U+001B', 'control'],
    ['a soft hyphen', '桑名\u00AD市', 'U+00AD', 'format'],
    ['a lone surrogate', '桑名\uD800市', 'U+D800', 'surrogate'],
  ])('refuses %s in a name with VALIDATION.FORBIDDEN_CHARACTERS naming the field and the character', (_label, text, codePoint, kind) => {
    const refused = refusal(() => normaliseText(text, 'name'));
    expect([refused.kind, refused.code, refused.field]).toEqual(['invalid', FORBIDDEN_CHARACTERS, 'name']);
    expect(refused.details).toMatchObject({ field: 'name', codePoint, kind });
    expect(refused.message).toContain(codePoint);
  });

  it('stores names in NFC: a decomposed が and a full-width ｶﾞ stay what they are, composed', () => {
    expect(normaliseText('か\u3099やま町', 'name')).toBe('がやま町');
    expect(normaliseText('ｶﾞ', 'name')).toBe('ｶﾞ');
    // An ideographic variation selector (異体字) is part of the name.
    expect(normaliseText('葛\u{E0100}飾区', 'name')).toBe('葛\u{E0100}飾区');
  });

  it('lets a reason span lines (LF; CR LF and CR read as LF) and nothing else invisible', () => {
    expect(normaliseText('根拠資料が不足。\r\n再提出してください。\r以上', 'reason', { lineBreaks: true })).toBe('根拠資料が不足。\n再提出してください。\n以上');
    expect(refusal(() => normaliseText('理由\u202E', 'reason', { lineBreaks: true })).field).toBe('reason');
    expect(refusal(() => normaliseText('理由\t', 'reason', { lineBreaks: true })).details).toMatchObject({ kind: 'control' });
  });

  it('gives NFC text without a forbidden character, or refuses: never anything else (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.boolean(), (text, lineBreaks) => {
        let stored: string;
        try {
          stored = normaliseText(text, 'name', { lineBreaks });
        } catch (error) {
          expect((error as DomainError).code).toBe(FORBIDDEN_CHARACTERS);
          return;
        }
        expect(stored).toBe(stored.normalize('NFC'));
        expect(findForbiddenCharacter(stored, { lineBreaks })).toBeUndefined();
        expect(normaliseText(stored, 'name', { lineBreaks })).toBe(stored);
      }),
    );
  });
});
