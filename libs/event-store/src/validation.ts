import { AppendOptions, ExpectedVersion, NewEvent } from './event-store';
import { InvalidStoreInput } from './errors';
import { assertJsonObject } from './json';

export const MAX_STREAM_ID_LENGTH = 200;
export const MAX_EVENTS_PER_APPEND = 10_000;
const STREAM_ID = /^[\p{L}\p{N}_.:-]+$/u;
const EVENT_TYPE = /^[A-Za-z][A-Za-z0-9_.]*$/;

/** Rejects bad input before any adapter touches storage, so both adapters fail the same way. */
export function validateAppend(streamId: unknown, events: unknown, options: unknown): void {
  validateStreamId(streamId);
  if (!Array.isArray(events) || events.length === 0) throw new InvalidStoreInput('events', 'at least one event is required');
  if (events.length > MAX_EVENTS_PER_APPEND) {
    throw new InvalidStoreInput('events', `at most ${MAX_EVENTS_PER_APPEND} events per append`);
  }
  events.forEach((event: unknown, i) => validateNewEvent(event, `events[${i}]`));
  if (typeof options !== 'object' || options === null) throw new InvalidStoreInput('options', 'is required');
  const { expectedVersion, metadata } = options as AppendOptions;
  validateExpectedVersion(expectedVersion);
  validateMetadata(metadata);
}

export function validateStreamId(streamId: unknown): asserts streamId is string {
  if (typeof streamId !== 'string' || streamId.length === 0) throw new InvalidStoreInput('streamId', 'must not be empty');
  if (streamId.length > MAX_STREAM_ID_LENGTH) {
    throw new InvalidStoreInput('streamId', `must be at most ${MAX_STREAM_ID_LENGTH} characters`);
  }
  if (!STREAM_ID.test(streamId) || streamId.startsWith('$')) {
    throw new InvalidStoreInput('streamId', 'may contain letters, digits, "_", ".", ":" and "-" only');
  }
}

export function validateExpectedVersion(expected: unknown): asserts expected is ExpectedVersion {
  if (expected === 'no_stream' || expected === 'stream_exists' || expected === 'any') return;
  if (typeof expected === 'bigint' && expected >= 0n) return;
  throw new InvalidStoreInput(
    'expectedVersion',
    `unknown form ${describe(expected)}; use a version (bigint ≥ 0), 'no_stream', 'stream_exists' or 'any'`,
  );
}

function validateNewEvent(event: unknown, path: string): asserts event is NewEvent {
  if (typeof event !== 'object' || event === null) throw new InvalidStoreInput(path, 'must be an object');
  const { type, schemaVersion, data } = event as NewEvent;
  if (typeof type !== 'string' || !EVENT_TYPE.test(type) || type.length > 100) {
    throw new InvalidStoreInput(`${path}.type`, 'must be a name such as "FiscalYearOpened"');
  }
  if (schemaVersion !== undefined && !(Number.isInteger(schemaVersion) && schemaVersion >= 1 && schemaVersion < 1000)) {
    throw new InvalidStoreInput(`${path}.schemaVersion`, 'must be an integer from 1');
  }
  assertJsonObject(data, `${path}.data`);
}

function validateMetadata(metadata: unknown): void {
  if (typeof metadata !== 'object' || metadata === null) throw new InvalidStoreInput('metadata', 'is required');
  for (const field of ['actorId', 'actorRole', 'organisationCode', 'commandId'] as const) {
    const value = (metadata as Record<string, unknown>)[field];
    if (typeof value !== 'string' || value.length === 0 || value.length > 200) {
      throw new InvalidStoreInput(`metadata.${field}`, 'must be a non-empty string of at most 200 characters');
    }
  }
  assertJsonObject(metadata, 'metadata');
}

function describe(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
