import fc from 'fast-check';
import { jsonBytesRefusal, jsonCharset, JSON_LIMITS, jsonLimitRefusal, jsonLimitResponse } from './json-limits';

const objectOf = (keys: number) => Object.fromEntries(Array.from({ length: keys }, (_, i) => [`k${i}`, i]));

describe('JSON limits', () => {
  it('accepts bodies within every limit, and any small JSON value', () => {
    const register = { insurers: Array.from({ length: 2_000 }, () => ({ code: '242055', name: '桑名市', category1InsuredPersons: 1 })) };
    expect(jsonLimitRefusal(register)).toBeUndefined();
    expect(jsonLimitRefusal({ answers: objectOf(JSON_LIMITS.keysPerObject) })).toBeUndefined();
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 10 }), (value) => {
        const refusal = jsonLimitRefusal(JSON.parse(JSON.stringify(value)));
        return refusal === undefined || refusal.code === 'VALIDATION.FORBIDDEN_KEY';
      }),
    );
  });

  it('refuses the first limit reached, naming it and where', () => {
    expect(jsonLimitRefusal({ answers: objectOf(90_000) })).toEqual({ code: 'VALIDATION.TOO_MANY_KEYS', limit: 1_000, path: 'answers' });
    expect(jsonLimitRefusal({ figures: new Array(2_001).fill(0) })).toEqual({ code: 'VALIDATION.TOO_MANY_ITEMS', limit: 2_000, path: 'figures' });
    // 21 objects of 1,000 keys: each within its own limit, together beyond the body's.
    const wide = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`o${i}`, objectOf(1_000)]));
    expect(jsonLimitRefusal(wide)?.code).toBe('VALIDATION.TOO_MANY_VALUES');
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i += 1) deep = [deep];
    expect(jsonLimitRefusal({ x: deep })).toMatchObject({ code: 'VALIDATION.TOO_DEEP', limit: 32 });
  });

  it('refuses __proto__, constructor and prototype keys at the top and nested, as JSON.parse makes them', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      expect(jsonLimitRefusal(JSON.parse(`{"${key}":{"isAdmin":true}}`))).toEqual({ code: 'VALIDATION.FORBIDDEN_KEY', key, path: key });
      expect(jsonLimitRefusal(JSON.parse(`{"answers":{"a":[{"${key}":1}]}}`))).toEqual({ code: 'VALIDATION.FORBIDDEN_KEY', key, path: `answers.a[0].${key}` });
    }
  });

  it('answers with a stable code and a message in Japanese and English, never echoing a long key whole', () => {
    const long = 'k'.repeat(10_000);
    const response = jsonLimitResponse({ code: 'VALIDATION.TOO_MANY_KEYS', limit: 1_000, path: long });
    expect(response.code).toBe('VALIDATION.TOO_MANY_KEYS');
    expect(response.message).toMatch(/キーが多すぎます.*more than 1000 keys/);
    expect(response.message.length).toBeLessThan(400);
  });

  it('reads the charset of a JSON content type only', () => {
    expect(jsonCharset('application/json; charset=utf-16')).toBe('utf-16');
    expect(jsonCharset('Application/JSON;Charset="UTF-8"')).toBe('utf-8');
    expect(jsonCharset('application/json')).toBeUndefined();
    expect(jsonCharset('text/csv; charset=shift_jis')).toBeUndefined();
  });
});

describe('JSON limits read from the bytes, before parsing', () => {
  const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));

  it('agrees with the walk of the parsed value on any JSON value (forbidden keys aside, which only the walk sees)', () => {
    const small = { ...JSON_LIMITS, depth: 4, keysPerObject: 3, itemsPerArray: 3, values: 12 };
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const parsed = jsonLimitRefusal(JSON.parse(JSON.stringify(value)), small);
        const scanned = jsonBytesRefusal(bytes(value), small);
        if (parsed?.code === 'VALIDATION.FORBIDDEN_KEY') return;
        expect(scanned === undefined).toBe(parsed === undefined);
      }),
      { numRuns: 2_000 },
    );
  });

  it('refuses the hostile bodies without parsing them, and passes what is within the limits', () => {
    const keys = `{"answers":{${Array.from({ length: 90_000 }, (_, i) => `"k${i}":1`).join(',')}}}`;
    expect(jsonBytesRefusal(Buffer.from(keys))).toMatchObject({ code: 'VALIDATION.TOO_MANY_KEYS', limit: 1_000 });
    expect(jsonBytesRefusal(Buffer.from(`{"x":${'['.repeat(200_000)}${']'.repeat(200_000)}}`))).toMatchObject({ code: 'VALIDATION.TOO_DEEP' });
    expect(jsonBytesRefusal(bytes({ figures: new Array(2_001).fill(null) }))).toMatchObject({ code: 'VALIDATION.TOO_MANY_ITEMS' });
    // Commas, brackets and escaped quotes inside strings are text, not structure.
    expect(jsonBytesRefusal(bytes({ name: `a\\"${',[{'.repeat(50_000)}"` }))).toBeUndefined();
    expect(jsonBytesRefusal(bytes({ insurers: Array.from({ length: 2_000 }, () => ({ code: '242055', name: '桑名市', category1InsuredPersons: 1 })) }))).toBeUndefined();
  });
});
