import { DomainError } from '../domain-error';

/** The stable code of a name or reason refused for a character people cannot see or that reorders what they see. */
export const FORBIDDEN_CHARACTERS = 'VALIDATION.FORBIDDEN_CHARACTERS';

export type ForbiddenKind = 'bidi' | 'zero-width' | 'line-break' | 'control' | 'format' | 'surrogate';

/** The first character a name or reason may not hold: where, which (U+XXXX), and what kind of character it is. */
export interface ForbiddenCharacter {
  /** Index in code points of the NFC text. */
  readonly index: number;
  readonly codePoint: string;
  readonly kind: ForbiddenKind;
}

export interface TextRules {
  /** Reasons may span lines: LF (CR LF and CR are read as LF). Names never do. */
  readonly lineBreaks?: boolean;
}

const KIND_LABEL: Readonly<Record<ForbiddenKind, { ja: string; en: string }>> = {
  bidi: { ja: '書字方向の制御文字', en: 'a bidirectional override or isolate' },
  'zero-width': { ja: 'ゼロ幅文字', en: 'a zero-width character' },
  'line-break': { ja: '改行', en: 'a line break' },
  control: { ja: '制御文字', en: 'a control character' },
  format: { ja: '書式制御文字', en: 'an invisible formatting character' },
  surrogate: { ja: '不正なサロゲート', en: 'a lone surrogate' },
};

const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u180E]/u;
const LINE_BREAK = /[\n\r\u0085\u2028\u2029]/u;
const CONTROL = /\p{Cc}/u;
const FORMAT = /\p{Cf}/u;
const LONE_SURROGATE = /\p{Cs}/u;

function kindOf(char: string, rules: TextRules): ForbiddenKind | undefined {
  if (rules.lineBreaks && char === '\n') return undefined;
  if (BIDI.test(char)) return 'bidi';
  if (ZERO_WIDTH.test(char)) return 'zero-width';
  if (LINE_BREAK.test(char)) return 'line-break';
  if (CONTROL.test(char)) return 'control';
  if (FORMAT.test(char)) return 'format';
  if (LONE_SURROGATE.test(char)) return 'surrogate';
  return undefined;
}

/**
 * The rule for every name (insurers, unions, organisations) and reason the service stores, in one place: the text in
 * Unicode NFC, with no control character, no bidirectional override or isolate (U+202A–202E, U+2066–2069, marks),
 * no zero-width character (U+200B–200D, U+2060, U+FEFF) and no other invisible format character; no line break in a
 * name, LF only in a reason. Ideographic variation selectors (異体字) are letters' marks and stay.
 * Returns the first forbidden character of the normalised text, or undefined.
 */
export function findForbiddenCharacter(text: string, rules: TextRules = {}): ForbiddenCharacter | undefined {
  let index = 0;
  for (const char of prepare(text, rules)) {
    const kind = kindOf(char, rules);
    if (kind) return { index, codePoint: `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`, kind };
    index++;
  }
  return undefined;
}

function prepare(text: string, rules: TextRules): string {
  const nfc = text.normalize('NFC');
  return rules.lineBreaks ? nfc.replace(/\r\n?/g, '\n') : nfc;
}

/** What people are told about a forbidden character in `field`. */
export function forbiddenCharacterMessage(field: string, found: ForbiddenCharacter): { ja: string; en: string } {
  const label = KIND_LABEL[found.kind];
  return {
    ja: `「${field}」に使えない文字（${label.ja} ${found.codePoint}、${found.index + 1} 文字目）が含まれています。`,
    en: `${field} holds ${label.en} (${found.codePoint} at character ${found.index + 1}), which is not allowed.`,
  };
}

/**
 * A name or reason as stored: NFC (and LF line breaks in a reason). Throws DomainError 400
 * VALIDATION.FORBIDDEN_CHARACTERS naming `field` and the character when the text breaks the rule above.
 */
export function normaliseText(text: string, field: string, rules: TextRules = {}): string {
  const found = findForbiddenCharacter(text, rules);
  if (found) {
    const { ja, en } = forbiddenCharacterMessage(field, found);
    throw new DomainError('invalid', FORBIDDEN_CHARACTERS, ja, en, field, { field, codePoint: found.codePoint, index: found.index, kind: found.kind });
  }
  return prepare(text, rules);
}
