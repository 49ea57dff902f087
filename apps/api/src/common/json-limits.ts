import type { IncomingMessage } from 'node:http';
import { BadRequestException, UnsupportedMediaTypeException } from '@nestjs/common';
import { CodedErrorResponse } from './http-exception.filter';

/**
 * What a JSON body may hold, checked in one linear walk right after JSON.parse, before class-transformer (whose cost
 * grows with the square of an object's keys: 90,000 keys held the event loop for half a minute) or any handler.
 * Each bound is far above what a request of this API needs: a custom framework is ~1,500 values 7 levels deep, a
 * register 2,000 insurers (ArrayMaxSize) of 6 values each, answers ~100 indicators.
 */
export interface JsonLimits {
  readonly depth: number;
  readonly keysPerObject: number;
  readonly itemsPerArray: number;
  readonly values: number;
}

export const JSON_LIMITS: JsonLimits = {
  /** Levels of nesting (answers are 3). */
  depth: 32,
  /** Keys of any one object. Map-like fields have tighter limits of their own (`@MaxKeys`). */
  keysPerObject: 1_000,
  /** Items of any one array (the DTOs' ArrayMaxSize is 2,000). */
  itemsPerArray: 2_000,
  /** Keys and array items of the whole body. */
  values: 20_000,
};

/** Keys that would reach an object's prototype if any code merged the body into an object. Refused everywhere. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export type JsonLimitRefusal =
  | { readonly code: 'VALIDATION.TOO_DEEP'; readonly limit: number; readonly path: string }
  | { readonly code: 'VALIDATION.TOO_MANY_KEYS'; readonly limit: number; readonly path: string }
  | { readonly code: 'VALIDATION.TOO_MANY_ITEMS'; readonly limit: number; readonly path: string }
  | { readonly code: 'VALIDATION.TOO_MANY_VALUES'; readonly limit: number; readonly path: string }
  | { readonly code: 'VALIDATION.FORBIDDEN_KEY'; readonly key: string; readonly path: string };

/**
 * The first limit a parsed JSON value breaks, or undefined. Iterative (a hostile body cannot overflow the stack) and
 * linear: every key and item is looked at once, and the walk stops at the first refusal.
 */
export function jsonLimitRefusal(body: unknown, limits: JsonLimits = JSON_LIMITS): JsonLimitRefusal | undefined {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value: body, depth: 1, path: '' }];
  let values = 0;
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > limits.depth) return { code: 'VALIDATION.TOO_DEEP', limit: limits.depth, path };
    if (Array.isArray(value)) {
      if (value.length > limits.itemsPerArray) return { code: 'VALIDATION.TOO_MANY_ITEMS', limit: limits.itemsPerArray, path };
      values += value.length;
      if (values > limits.values) return { code: 'VALIDATION.TOO_MANY_VALUES', limit: limits.values, path };
      for (let i = 0; i < value.length; i += 1) stack.push({ value: value[i], depth: depth + 1, path: `${path}[${i}]` });
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length > limits.keysPerObject) return { code: 'VALIDATION.TOO_MANY_KEYS', limit: limits.keysPerObject, path };
    values += keys.length;
    if (values > limits.values) return { code: 'VALIDATION.TOO_MANY_VALUES', limit: limits.values, path };
    for (const key of keys) {
      const child = path === '' ? key : `${path}.${key}`;
      if (FORBIDDEN_KEYS.has(key)) return { code: 'VALIDATION.FORBIDDEN_KEY', key, path: child };
      stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1, path: child });
    }
  }
  return undefined;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The same limits read from the raw bytes before JSON.parse, which alone takes a fifth of a second on a loaded machine
 * for one object of 90,000 keys. One pass: a string is skipped with a native search for its closing quote; outside
 * strings, brackets open and close containers (deeper than the limit stops the scan at once) and commas count their
 * items. Only structure is counted, so what passes still goes through JSON.parse and jsonLimitRefusal.
 */
export function jsonBytesRefusal(bytes: Uint8Array, limits: JsonLimits = JSON_LIMITS): JsonLimitRefusal | undefined {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Per open container: is it an array, has it an item yet, its commas.
  const isArray: boolean[] = [];
  const hasItem: boolean[] = [];
  const commas: number[] = [];
  let values = 0;
  const item = (): JsonLimitRefusal | undefined => {
    const top = hasItem.length - 1;
    if (top < 0 || hasItem[top]) return undefined;
    hasItem[top] = true;
    values += 1;
    return values > limits.values ? { code: 'VALIDATION.TOO_MANY_VALUES', limit: limits.values, path: '' } : undefined;
  };
  for (let i = 0; i < buffer.length; i += 1) {
    const byte = buffer[i];
    if (byte === QUOTE) {
      const refusal = item();
      if (refusal) return refusal;
      let end = buffer.indexOf(QUOTE, i + 1);
      while (end !== -1) {
        let slashes = 0;
        while (buffer[end - 1 - slashes] === BACKSLASH) slashes += 1;
        if (slashes % 2 === 0) break;
        end = buffer.indexOf(QUOTE, end + 1);
      }
      if (end === -1) return undefined;
      i = end;
    } else if (byte === 0x7b || byte === 0x5b) {
      const refusal = item();
      if (refusal) return refusal;
      if (isArray.length + 1 > limits.depth) return { code: 'VALIDATION.TOO_DEEP', limit: limits.depth, path: '' };
      isArray.push(byte === 0x5b);
      hasItem.push(false);
      commas.push(0);
    } else if (byte === 0x7d || byte === 0x5d) {
      isArray.pop();
      hasItem.pop();
      commas.pop();
    } else if (byte === 0x2c) {
      const top = commas.length - 1;
      if (top < 0) continue;
      commas[top] += 1;
      values += 1;
      if (isArray[top] && commas[top] + 1 > limits.itemsPerArray) return { code: 'VALIDATION.TOO_MANY_ITEMS', limit: limits.itemsPerArray, path: '' };
      if (!isArray[top] && commas[top] + 1 > limits.keysPerObject) return { code: 'VALIDATION.TOO_MANY_KEYS', limit: limits.keysPerObject, path: '' };
      if (values > limits.values) return { code: 'VALIDATION.TOO_MANY_VALUES', limit: limits.values, path: '' };
    } else if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09 && byte !== 0x3a) {
      // A number, true, false or null.
      const refusal = item();
      if (refusal) return refusal;
    }
  }
  return undefined;
}

/**
 * The JSON body parser's `verify` hook: a body beyond JSON_LIMITS is refused from its bytes, before it is parsed
 * (body-parser passes the error on with its status: 400).
 */
export function verifyJsonLimits(_request: unknown, _response: unknown, bytes: Buffer): void {
  const refusal = jsonBytesRefusal(bytes);
  if (refusal) throw new BadRequestException(jsonLimitResponse(refusal));
}

/** The 400 body of a refusal: a stable code, Japanese then English, the limit and where it was reached. */
export function jsonLimitResponse(refusal: JsonLimitRefusal): CodedErrorResponse {
  // Keys come from the client: shown cut short, never echoed whole.
  const path = shorten(refusal.path);
  const at = path === '' ? 'the body' : path;
  switch (refusal.code) {
    case 'VALIDATION.TOO_DEEP':
      return {
        code: refusal.code,
        message: `JSON の入れ子が深すぎます（上限 ${refusal.limit} 段）。 The JSON body is nested deeper than ${refusal.limit} levels.`,
        details: { limit: refusal.limit, path },
      };
    case 'VALIDATION.TOO_MANY_KEYS':
      return {
        code: refusal.code,
        message: `JSON のオブジェクトのキーが多すぎます（上限 ${refusal.limit} 個）。 An object of the JSON body (${at}) has more than ${refusal.limit} keys.`,
        details: { limit: refusal.limit, path },
      };
    case 'VALIDATION.TOO_MANY_ITEMS':
      return {
        code: refusal.code,
        message: `JSON の配列の要素が多すぎます（上限 ${refusal.limit} 個）。 An array of the JSON body (${at}) has more than ${refusal.limit} items.`,
        details: { limit: refusal.limit, path },
      };
    case 'VALIDATION.TOO_MANY_VALUES':
      return {
        code: refusal.code,
        message: `JSON の値が多すぎます（キーと配列要素の合計の上限 ${refusal.limit} 個）。 The JSON body holds more than ${refusal.limit} keys and array items.`,
        details: { limit: refusal.limit },
      };
    case 'VALIDATION.FORBIDDEN_KEY':
      return {
        code: refusal.code,
        message: `JSON のキー「${refusal.key}」は使えません。 The key "${refusal.key}" is not allowed in a JSON body (${at}).`,
        details: { key: refusal.key, path },
      };
  }
}

function shorten(text: string, max = 120): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

/**
 * Middleware after the body parsers: a JSON body beyond JSON_LIMITS, or with a `__proto__` / `constructor` /
 * `prototype` key, is refused with 400 before validation or any handler sees it.
 */
export function jsonLimitsGuard(request: { body?: unknown }, _response: unknown, next: (error?: unknown) => void): void {
  const body = request.body;
  const refusal = body !== undefined && !Buffer.isBuffer(body) ? jsonLimitRefusal(body) : undefined;
  next(refusal ? new BadRequestException(jsonLimitResponse(refusal)) : undefined);
}

/** `application/json; charset=utf-16` → `utf-16`; undefined without a charset or for other media types. */
export function jsonCharset(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const [type, ...parameters] = contentType.split(';');
  if (type.trim().toLowerCase() !== 'application/json') return undefined;
  for (const parameter of parameters) {
    const [name, value] = parameter.split('=');
    if (name.trim().toLowerCase() === 'charset' && value !== undefined) return value.trim().replace(/^"(.*)"$/, '$1').toLowerCase();
  }
  return undefined;
}

/**
 * Middleware before the JSON body parser: JSON is read as UTF-8 only. The parser itself accepts any `utf-*` charset
 * and then fails on the decoded text with 400; say 415 instead, as for every other charset.
 */
export function jsonCharsetGuard(request: IncomingMessage, _response: unknown, next: (error?: unknown) => void): void {
  const charset = jsonCharset(request.headers['content-type']);
  if (charset === undefined || charset === 'utf-8' || charset === 'utf8') return next();
  const shown = shorten(charset, 40);
  next(
    new UnsupportedMediaTypeException({
      code: 'HTTP.UNSUPPORTED_MEDIA_TYPE',
      message: `JSON は UTF-8 で送ってください（charset=${shown} は扱えません）。 Send JSON as UTF-8; charset=${shown} is not supported.`,
    }),
  );
}
