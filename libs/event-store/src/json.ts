import { InvalidStoreInput } from './errors';

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonObject = { readonly [key: string]: JsonValue };

const MAX_DEPTH = 64;

/**
 * Checks that a value is plain JSON that survives PostgreSQL jsonb and canonical hashing unchanged:
 * finite numbers only (integers within ±2^53; yen belong in decimal strings), no BigInt, undefined,
 * functions, class instances, NUL characters or lone surrogates.
 */
export function assertJsonObject(value: unknown, field: string): asserts value is JsonObject {
  if (!isPlainObject(value)) throw new InvalidStoreInput(field, 'must be a JSON object');
  check(value, field, 0);
}

function check(value: unknown, path: string, depth: number): void {
  if (depth > MAX_DEPTH) throw new InvalidStoreInput(path, `nested deeper than ${MAX_DEPTH} levels`);
  switch (typeof value) {
    case 'string':
      if (value.includes('\u0000')) throw new InvalidStoreInput(path, 'contains a NUL character');
      if (!value.isWellFormed()) throw new InvalidStoreInput(path, 'contains a lone surrogate');
      return;
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new InvalidStoreInput(path, `${value} is not a JSON number`);
      if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
        throw new InvalidStoreInput(path, `${value} exceeds 2^53; send large integers (yen) as decimal strings`);
      }
      return;
    case 'bigint':
      throw new InvalidStoreInput(path, 'BigInt is not JSON; encode yen as a decimal string');
    case 'object':
      if (value === null) return;
      if (Array.isArray(value)) {
        value.forEach((item, i) => check(item, `${path}[${i}]`, depth + 1));
        return;
      }
      if (!isPlainObject(value)) throw new InvalidStoreInput(path, 'must be plain JSON (no class instances or dates)');
      for (const [key, item] of Object.entries(value)) {
        // An undefined property is absent in JSON, in jsonb and in the canonical hash alike.
        if (item === undefined) continue;
        if (!key.isWellFormed() || key.includes('\u0000')) throw new InvalidStoreInput(path, 'has an invalid key');
        check(item, `${path}.${key}`, depth + 1);
      }
      return;
    default:
      throw new InvalidStoreInput(path, `${typeof value} is not JSON`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
