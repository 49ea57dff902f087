/** Where a JSON text stops being JSON (node:JSON.parse does not always say), as a 1-based line and column. */

class Stop extends Error {
  constructor(readonly at: number) {
    super(`JSON stops at ${at}`);
  }
}

const LITERAL = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null/y;

/** The offset of the first character that makes `text` invalid JSON, or -1 when it is valid. */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw new Stop(i);
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i += 1;
  };
  const string = () => {
    i += 1;
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail();
      i += text[i] === '\\' ? 2 : 1;
    }
    if (i >= text.length) fail();
    i += 1;
  };
  const sequence = (close: string, item: () => void) => {
    i += 1;
    ws();
    if (text[i] === close) return void (i += 1);
    for (;;) {
      item();
      ws();
      if (text[i] === close) return void (i += 1);
      if (text[i] !== ',') fail();
      i += 1;
    }
  };
  const value = (): void => {
    ws();
    if (text[i] === '{') {
      return sequence('}', () => {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i += 1;
        value();
      });
    }
    if (text[i] === '[') return sequence(']', value);
    if (text[i] === '"') return string();
    LITERAL.lastIndex = i;
    const match = LITERAL.exec(text);
    if (!match) fail();
    i += match![0].length;
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return -1;
  } catch (error) {
    if (error instanceof Stop) return error.at;
    throw error;
  }
}

/** The line and column (both from 1) of an offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}
