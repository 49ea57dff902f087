import { createHash, hash as oneShotHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { RecordedEvent } from './event-store';

/** Hash that precedes the first event of a chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an event that its hash covers: everything stored except the hash itself. */
export type HashedEventFields = Omit<RecordedEvent, 'hash'>;

/**
 * The hash format new events are written with. 1: the envelope below, time to the millisecond (every event recorded
 * before issue 13, which keeps verifying as it is). 2: also the stored `command_id` column and the hash format itself
 * (`"commandId"`, `"hashVersion":2`), and the time to the microsecond, so that every stored column is covered.
 */
export const CURRENT_HASH_VERSION = 2;
export const HASH_VERSIONS: readonly number[] = [1, 2];

/** ISO 8601 UTC to the microsecond: `2025-04-01T00:00:00.123456Z` (what version 2 hashes; a Date holds whole ms). */
export function isoMicros(date: Date): string {
  return `${date.toISOString().slice(0, -1)}000Z`;
}

/**
 * Canonical form of an event (RFC 8785 JSON). Positions and versions are decimal strings, the time is ISO 8601 UTC
 * (milliseconds in version 1, microseconds in version 2), so that an auditor's own script can recompute it from an
 * export.
 *
 * The envelope's keys are fixed, so it is written out in RFC 8785 key order here and only `data` and `metadata` go
 * through the canonicaliser: the same text as canonicalizing the whole object (a property test checks it), in about
 * half the time, which matters when verifying hundreds of thousands of events.
 */
export function canonicalEvent(event: HashedEventFields): string {
  const version = event.hashVersion ?? 1;
  if (version !== 1 && version !== 2) throw new Error(`unknown hash version ${version}`);
  return canonicalEnvelope(
    canonicalJson(event.data),
    event.eventId,
    canonicalJson(event.metadata),
    event.position.toString(),
    version === 1 ? event.recordedAt.toISOString() : isoMicros(event.recordedAt),
    canonicalJson(event.schemaVersion),
    event.streamId,
    event.streamVersion.toString(),
    event.type,
    version === 1 ? undefined : { commandId: event.metadata.commandId, hashVersion: version },
  );
}

/**
 * The canonical envelope from its parts: `data` and `metadata` already canonical JSON, position and stream version
 * as decimal text, the time as ISO 8601 text, the schema version as canonical JSON; for format 2 and later, the stored
 * command id and the format (`"commandId"` first and `"hashVersion"` after `"eventId"`, in RFC 8785 key order).
 * Shared by `canonicalEvent` and the verifier, which reads these parts as text straight from PostgreSQL.
 */
export function canonicalEnvelope(
  data: string,
  eventId: string,
  metadata: string,
  position: string,
  recordedAt: string,
  schemaVersion: string,
  streamId: string,
  streamVersion: string,
  type: string,
  format?: { readonly commandId: string; readonly hashVersion: number },
): string {
  return (
    `{${format ? `"commandId":${JSON.stringify(format.commandId)},` : ''}"data":${data},"eventId":${JSON.stringify(eventId)},` +
    `${format ? `"hashVersion":${format.hashVersion},` : ''}"metadata":${metadata},"position":"${position}",` +
    `"recordedAt":"${recordedAt}","schemaVersion":${schemaVersion},"streamId":${JSON.stringify(streamId)},` +
    `"streamVersion":"${streamVersion}","type":${JSON.stringify(type)}}`
  );
}

/** hash = SHA-256(previous hash (hex) ‖ canonical JSON of the event), hex encoded. */
export function chainHash(previousHash: string, event: HashedEventFields): string {
  return chainHashOfCanonical(previousHash, canonicalEvent(event));
}

/** `chainHash` of an event already in canonical form: SHA-256(previous hash ‖ canonical text), hex. */
export function chainHashOfCanonical(previousHash: string, canonical: string): string {
  // One call instead of createHash().update().update().digest(): the same bytes, a third less time per event.
  return sha256Hex(previousHash + canonical);
}

/** SHA-256, hex: `crypto.hash` where this Node.js has it (20.12+), which costs a third less per event. */
const sha256Hex: (data: string | Uint8Array) => string =
  typeof oneShotHash === 'function' ? (data) => oneShotHash('sha256', data, 'hex') : (data) => createHash('sha256').update(data).digest('hex');

/**
 * RFC 8785 canonical JSON of a value: exactly what the `canonicalize` package returns (sorted keys by UTF-16 code
 * units, ECMAScript number and string serialisation), without its per-level `reduce` and template strings. Plain
 * JSON values take the fast path; anything else (a `toJSON`, a function, a class instance…) is handed to
 * `canonicalize` itself, so no input is serialised differently.
 */
export function canonicalJson(value: unknown): string {
  const text = serialize(value);
  if (text === undefined) throw new Error('value cannot be canonicalized');
  return text;
}

function serialize(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (Number.isFinite(value)) return JSON.stringify(value);
      break;
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        if (Object.getPrototypeOf(value) !== Array.prototype || 'toJSON' in value) break;
        let out = '[';
        for (let i = 0; i < value.length; i += 1) {
          const item: unknown = value[i];
          // A hole: the package's reduce skips it (and its commas with it); let it decide.
          if (item === undefined && !(i in value)) return canonicalize(value);
          if (i > 0) out += ',';
          out += item === undefined || typeof item === 'symbol' ? 'null' : serialize(item);
        }
        return `${out}]`;
      }
      if (isPlainObject(value)) {
        const record = value as Record<string, unknown>;
        const keys = Object.keys(record).sort();
        let out = '{';
        for (const key of keys) {
          const item = record[key];
          if (item === undefined || typeof item === 'symbol') continue;
          if (out.length > 1) out += ',';
          out += `${JSON.stringify(key)}:${serialize(item)}`;
        }
        return `${out}}`;
      }
      break;
    default:
      break;
  }
  // NaN, ±Infinity (which it refuses), toJSON, functions, BigInt, class instances: the package decides.
  return canonicalize(value);
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && !('toJSON' in value);
}

/**
 * RFC 8785 canonical JSON of a JSON text: `canonicalize(JSON.parse(text))`. The verifier's byte path
 * (`chainHashOfText`) writes the same bytes without parsing; this is where it falls back for what it does not handle
 * (none of the events of a generated national year needs it).
 */
export function canonicalJsonText(text: string): string {
  return canonicalJson(JSON.parse(text));
}

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const BAIL = Symbol('not the expected JSON text');

/** An event as the verifier reads it: every field as text, `data` and `metadata` as JSON texts (e.g. jsonb output). */
export interface EventAsText {
  /** The hash format (absent: 1); version 2 also covers `commandId` and takes `recordedAt` to the microsecond. */
  readonly hashVersion?: number;
  /** The stored command id column (version 2). */
  readonly commandId?: string;
  readonly eventId: string;
  /** Decimal text, as PostgreSQL prints a bigint (the same as the BigInt's). */
  readonly position: string;
  readonly streamId: string;
  readonly streamVersion: string;
  readonly type: string;
  /** Canonical JSON of the schema version: the decimal text of the integer. */
  readonly schemaVersion: string;
  readonly data: string;
  readonly metadata: string;
  /** ISO 8601 UTC with milliseconds, as `Date.prototype.toISOString` writes it (version 2: microseconds, `isoMicros`). */
  readonly recordedAt: string;
}

/**
 * `chainHash` of an event read as text: SHA-256(previous ‖ canonicalEnvelope(canonicalJsonText(data), …)), hex.
 * The same bytes are hashed, but they are written straight into a reused buffer (jsonb text → canonical UTF-8)
 * instead of being built as JavaScript strings and objects; what the byte path does not handle (non-ASCII or
 * escaped keys, numbers that need re-printing in a form it does not know, …) goes through `canonicalJsonText`.
 */
export function chainHashOfText(previousHash: string, event: EventAsText): string {
  const w = writer;
  w.reset();
  const version = event.hashVersion ?? 1;
  if (version === 2) {
    w.piecesAndText(null, previousHash, PIECE_COMMAND_ID);
    if (event.commandId === undefined) throw new Error('hash version 2 covers the command id: none given');
    w.jsonString(event.commandId);
    w.piecesAndText(PIECE_DATA_AFTER_COMMAND_ID, null, null);
  } else {
    if (version !== 1) throw new Error(`unknown hash version ${version}`);
    w.piecesAndText(null, previousHash, PIECE_DATA);
  }
  w.json(event.data);
  w.piecesAndText(PIECE_EVENT_ID, null, null);
  w.jsonString(event.eventId);
  w.piecesAndText(version === 2 ? PIECE_HASH_VERSION_2_METADATA : PIECE_METADATA, null, null);
  w.json(event.metadata);
  w.piecesAndText(PIECE_POSITION, event.position, PIECE_RECORDED_AT);
  w.piecesAndText(null, event.recordedAt, PIECE_SCHEMA_VERSION);
  w.piecesAndText(null, event.schemaVersion, PIECE_STREAM_ID);
  w.jsonString(event.streamId);
  w.piecesAndText(PIECE_STREAM_VERSION, event.streamVersion, PIECE_TYPE);
  w.jsonString(event.type);
  w.piecesAndText(PIECE_END, null, null);
  return w.sha256Hex();
}

// The envelope's fixed parts, in RFC 8785 key order (see canonicalEnvelope).
const piece = (text: string) => Uint8Array.from(Buffer.from(text, 'latin1'));
const PIECE_DATA = piece('{"data":');
const PIECE_COMMAND_ID = piece('{"commandId":');
const PIECE_DATA_AFTER_COMMAND_ID = piece(',"data":');
const PIECE_HASH_VERSION_2_METADATA = piece(',"hashVersion":2,"metadata":');
const PIECE_EVENT_ID = piece(',"eventId":');
const PIECE_METADATA = piece(',"metadata":');
const PIECE_POSITION = piece(',"position":"');
const PIECE_RECORDED_AT = piece('","recordedAt":"');
const PIECE_SCHEMA_VERSION = piece('","schemaVersion":');
const PIECE_STREAM_ID = piece(',"streamId":');
const PIECE_STREAM_VERSION = piece(',"streamVersion":"');
const PIECE_TYPE = piece('","type":');
const PIECE_END = piece('}');

/**
 * Writes canonical JSON as UTF-8 into a buffer that is reused from event to event. `json` encodes a JSON text as
 * UTF-8 (natively) and writes its canonical form: spaces between tokens dropped, object members re-ordered by key
 * (ASCII keys, whose byte order is their UTF-16 code-unit order), strings without escapes and plain integers copied
 * as they are; anything else in a text makes it go through `canonicalJsonText` as a whole.
 *
 * One buffer holds both the input (from 0) and the output (from `base`), so that every copy is a `copyWithin`.
 */
class CanonicalByteWriter {
  private mem = Buffer.allocUnsafe(1 << 17);
  /** Where the output starts in `mem`; the input of `json` is encoded below it. */
  private base = 1 << 15;
  /** End of the output in `mem`. */
  private end = this.base;
  /** Length of the input being read, at the start of `mem`. */
  private inputLength = 0;
  /** Members of the objects being read: [start, keyStart, keyEnd, end] in `mem`, per member, up to `top`. */
  private members = new Int32Array(1024);
  private top = 0;
  private order = new Int32Array(64);

  reset(): void {
    this.end = this.base;
  }

  sha256Hex(): string {
    return sha256Hex(this.mem.subarray(this.base, this.end));
  }

  /**
   * Room for `input` bytes of input below the output and `extra` more bytes of output. The output never moves while
   * a text is read (only `json` asks for input room, before reading), so positions in `members` stay valid.
   */
  private ensure(input: number, extra: number): void {
    if (input <= this.base && this.end + extra <= this.mem.length) return;
    const base = Math.max(this.base, input);
    const length = this.end - this.base;
    const bigger = Buffer.allocUnsafe(Math.max(this.mem.length * 2, base + length + extra + 1024));
    this.mem.copy(bigger, 0, 0, this.inputLength);
    this.mem.copy(bigger, base, this.base, this.end);
    this.mem = bigger;
    this.base = base;
    this.end = base + length;
  }

  /** A fixed piece, a text's UTF-8 bytes as they are, another fixed piece (each optional), in one go. */
  piecesAndText(before: Uint8Array | null, text: string | null, after: Uint8Array | null): void {
    this.ensure(0, 64 + (text === null ? 0 : text.length * 3));
    let mem = this.mem;
    let o = this.end;
    if (before !== null) for (let i = 0; i < before.length; i += 1) mem[o++] = before[i];
    if (text !== null) {
      for (let i = 0; i < text.length; i += 1) {
        const c = text.charCodeAt(i);
        if (c >= 0x80) {
          this.end = o - i;
          this.raw(text);
          mem = this.mem;
          o = this.end;
          break;
        }
        mem[o++] = c;
      }
    }
    if (after !== null) for (let i = 0; i < after.length; i += 1) mem[o++] = after[i];
    this.end = o;
  }

  /** The text's UTF-8 bytes, as they are. */
  raw(text: string): void {
    const n = text.length;
    this.ensure(0, n * 3);
    const mem = this.mem;
    let o = this.end;
    for (let i = 0; i < n; i += 1) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) {
        this.end += mem.write(text, this.end, 'utf8');
        return;
      }
      mem[o++] = c;
    }
    this.end = o;
  }

  /** JSON.stringify(text). */
  jsonString(text: string): void {
    const n = text.length;
    this.ensure(0, n * 6 + 2);
    const mem = this.mem;
    let o = this.end;
    mem[o++] = 0x22;
    for (let i = 0; i < n; i += 1) {
      const c = text.charCodeAt(i);
      // Printable ASCII other than " and \ is written as it is; anything else goes through JSON.stringify.
      if (c < 0x20 || c === 0x22 || c === 0x5c || c >= 0x7f) {
        this.raw(JSON.stringify(text));
        return;
      }
      mem[o++] = c;
    }
    mem[o++] = 0x22;
    this.end = o;
  }

  /** canonicalJsonText(text), as UTF-8. */
  json(text: string): void {
    const start = this.end;
    // A lone surrogate would need an escape (UTF-8 encoding would turn it into U+FFFD); control characters (invalid
    // raw in strings; tabs or newlines between tokens are not expected here) make the readers below bail out.
    if (text.isWellFormed()) {
      // The fast paths write at most what they read; the slow ones (re-printed numbers, escapes) make room for
      // what they write and for the rest of the input.
      this.inputLength = 0;
      this.ensure(text.length * 3, text.length * 3 + 64);
      const n = this.mem.write(text, 0, 'utf8');
      this.inputLength = n;
      try {
        const end = this.value(0, n);
        if (this.skipSpaces(end, n) === n) return;
      } catch (error) {
        if (error !== BAIL) throw error;
      }
      this.end = start;
      this.top = 0;
    }
    this.raw(canonicalJsonText(text));
  }

  private skipSpaces(i: number, n: number): number {
    const mem = this.mem;
    while (i < n && mem[i] === 0x20) i += 1;
    return i;
  }

  /** Reads the value at `i`, writes its canonical form, returns the index after it. */
  private value(i: number, n: number): number {
    i = this.skipSpaces(i, n);
    if (i >= n) throw BAIL;
    const c = this.mem[i];
    if (c === 0x22) return this.string(i, n, false);
    if (c === 0x7b) return this.object(i, n);
    if (c === 0x5b) return this.array(i, n);
    if (c === 0x74) return this.literal(i, n, TRUE);
    if (c === 0x66) return this.literal(i, n, FALSE);
    if (c === 0x6e) return this.literal(i, n, NULL);
    return this.number(i, n);
  }

  private literal(i: number, n: number, word: Uint8Array): number {
    const mem = this.mem;
    if (i + word.length > n) throw BAIL;
    let o = this.end;
    for (let k = 0; k < word.length; k += 1) {
      if (mem[i + k] !== word[k]) throw BAIL;
      mem[o++] = word[k];
    }
    this.end = o;
    return i + word.length;
  }

  private number(i: number, n: number): number {
    const mem = this.mem;
    const start = i;
    let plain = true;
    for (; i < n; i += 1) {
      const c = mem[i];
      if (c >= 0x30 && c <= 0x39) continue;
      if (c === 0x2d && i === start) continue;
      if (c === 0x2e || c === 0x2d || c === 0x2b || c === 0x65 || c === 0x45) plain = false;
      else break;
    }
    const negative = mem[start] === 0x2d;
    const digits = i - start - (negative ? 1 : 0);
    const first = mem[negative ? start + 1 : start];
    // An integer of 1–15 digits without a leading zero (or a lone 0) prints as it reads; -0 prints as 0.
    if (plain && digits >= 1 && digits <= 15 && (first !== 0x30 || (digits === 1 && !negative))) {
      let o = this.end;
      for (let k = start; k < i; k += 1) mem[o++] = mem[k];
      this.end = o;
      return i;
    }
    const token = mem.toString('latin1', start, i);
    if (!JSON_NUMBER.test(token)) throw BAIL;
    const value = Number(token);
    if (!Number.isFinite(value)) throw BAIL;
    const printed = String(value);
    // Longer than its token (1e20 → 100000000000000000000): room for it and for the rest of the input.
    this.ensure(0, printed.length + n + 64);
    this.raw(printed);
    return i;
  }

  /** Copies a string token; a `key` must be ASCII without escapes (so that bytes order it like UTF-16). */
  private string(i: number, n: number, key: boolean): number {
    const mem = this.mem;
    const start = i;
    let high = 0;
    for (i += 1; ; i += 1) {
      if (i >= n) throw BAIL;
      const c = mem[i];
      if (c === 0x22) break;
      if (c === 0x5c) return this.escapedString(start, i, n, key);
      if (c < 0x20) throw BAIL;
      high |= c;
    }
    if (key && high >= 0x80) throw BAIL;
    const end = i + 1;
    this.copy(start, end);
    return end;
  }

  /** Copies input or output bytes [from, to) to the end of the output. */
  private copy(from: number, to: number): void {
    const mem = this.mem;
    let o = this.end;
    if (to - from > 48) {
      mem.copyWithin(o, from, to);
      o += to - from;
    } else {
      for (let k = from; k < to; k += 1) mem[o++] = mem[k];
    }
    this.end = o;
  }

  /** A string with escapes, from `start`: decoded and re-encoded as JSON.stringify does. */
  private escapedString(start: number, backslash: number, n: number, key: boolean): number {
    if (key) throw BAIL;
    const mem = this.mem;
    let i = backslash;
    for (;;) {
      if (i >= n) throw BAIL;
      const c = mem[i];
      if (c === 0x5c) i += 2;
      else if (c === 0x22) break;
      else i += 1;
    }
    let decoded: unknown;
    try {
      decoded = JSON.parse(mem.toString('utf8', start, i + 1));
    } catch {
      throw BAIL;
    }
    if (typeof decoded !== 'string') throw BAIL;
    const printed = JSON.stringify(decoded);
    this.ensure(0, printed.length * 3 + n + 64);
    this.raw(printed);
    return i + 1;
  }

  private array(i: number, n: number): number {
    this.mem[this.end++] = 0x5b;
    i = this.skipSpaces(i + 1, n);
    if (this.mem[i] === 0x5d) {
      this.mem[this.end++] = 0x5d;
      return i + 1;
    }
    for (;;) {
      i = this.skipSpaces(this.value(i, n), n);
      const c = this.mem[i];
      i += 1;
      if (c === 0x5d) {
        this.mem[this.end++] = 0x5d;
        return i;
      }
      if (c !== 0x2c || i > n) throw BAIL;
      this.mem[this.end++] = 0x2c;
    }
  }

  private object(i: number, n: number): number {
    this.mem[this.end++] = 0x7b;
    i = this.skipSpaces(i + 1, n);
    if (this.mem[i] === 0x7d) {
      this.mem[this.end++] = 0x7d;
      return i + 1;
    }
    const base = this.top;
    const regionStart = this.end;
    let sorted = true;
    for (;;) {
      i = this.skipSpaces(i, n);
      if (i >= n || this.mem[i] !== 0x22) throw BAIL;
      const memberStart = this.end;
      i = this.string(i, n, true);
      const keyEnd = this.end - 1;
      i = this.skipSpaces(i, n);
      if (i >= n || this.mem[i] !== 0x3a) throw BAIL;
      this.mem[this.end++] = 0x3a;
      i = this.value(i + 1, n);
      if (this.top > base) {
        const order = this.compareKeys(this.members[this.top - 3], this.members[this.top - 2], memberStart + 1, keyEnd);
        if (order === 0) throw BAIL; // a repeated key: leave it to JSON.parse's rule (the last one wins)
        if (order > 0) sorted = false;
      }
      this.push(memberStart, memberStart + 1, keyEnd, this.end);
      i = this.skipSpaces(i, n);
      const c = this.mem[i];
      i += 1;
      if (i > n) throw BAIL;
      if (c === 0x7d) break;
      if (c !== 0x2c) throw BAIL;
      this.mem[this.end++] = 0x2c;
    }
    if (!sorted) this.reorder(base, regionStart);
    this.top = base;
    this.mem[this.end++] = 0x7d;
    return i;
  }

  /** Byte order of two keys in `mem` (ASCII here, so the same as UTF-16 code-unit order). */
  private compareKeys(aStart: number, aEnd: number, bStart: number, bEnd: number): number {
    const mem = this.mem;
    const aLength = aEnd - aStart;
    const bLength = bEnd - bStart;
    const common = aLength < bLength ? aLength : bLength;
    for (let k = 0; k < common; k += 1) {
      const d = mem[aStart + k] - mem[bStart + k];
      if (d !== 0) return d;
    }
    return aLength - bLength;
  }

  private keyOrder(a: number, b: number): number {
    const members = this.members;
    return this.compareKeys(members[a + 1], members[a + 2], members[b + 1], members[b + 2]);
  }

  /** Rewrites the members of the object from `regionStart` in key order, comma separated. */
  private reorder(base: number, regionStart: number): void {
    const members = this.members;
    const count = (this.top - base) / 4;
    if (this.order.length < count) this.order = new Int32Array(count * 2);
    const order = this.order;
    if (count <= 32) {
      // Insertion sort: objects are small, and this allocates nothing.
      for (let k = 0; k < count; k += 1) {
        const member = base + 4 * k;
        let j = k;
        while (j > 0 && this.keyOrder(order[j - 1], member) > 0) {
          order[j] = order[j - 1];
          j -= 1;
        }
        order[j] = member;
      }
    } else {
      order.set(Array.from({ length: count }, (_, k) => base + 4 * k).sort((a, b) => this.keyOrder(a, b)));
    }
    for (let k = 1; k < count; k += 1) if (this.keyOrder(order[k - 1], order[k]) === 0) throw BAIL;
    // Written in order after the output, then moved back over the region: the same length, commas included.
    const regionEnd = this.end;
    this.ensure(0, regionEnd - regionStart);
    for (let k = 0; k < count; k += 1) {
      if (k > 0) this.mem[this.end++] = 0x2c;
      this.copy(members[order[k]], members[order[k] + 3]);
    }
    this.mem.copyWithin(regionStart, regionEnd, this.end);
    this.end = regionEnd;
  }

  private push(start: number, keyStart: number, keyEnd: number, end: number): void {
    if (this.top + 4 > this.members.length) {
      const bigger = new Int32Array(this.members.length * 2);
      bigger.set(this.members);
      this.members = bigger;
    }
    const members = this.members;
    members[this.top] = start;
    members[this.top + 1] = keyStart;
    members[this.top + 2] = keyEnd;
    members[this.top + 3] = end;
    this.top += 4;
  }
}

const TRUE = Uint8Array.from([0x74, 0x72, 0x75, 0x65]);
const FALSE = Uint8Array.from([0x66, 0x61, 0x6c, 0x73, 0x65]);
const NULL = Uint8Array.from([0x6e, 0x75, 0x6c, 0x6c]);
const writer = new CanonicalByteWriter();
