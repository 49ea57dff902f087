import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { EventMetadata, ExportedEvent, JsonObject, StoredCheckpoint } from '@grants/event-store';
import { CliRefused } from './cli-errors';
import { asCheckpoint, EXPORT_TRAILER, ExportTrailer } from './export-format';

/** One line of an export: an event, a signed checkpoint or the trailer. */
export interface ExportLine {
  readonly line: number;
  readonly event?: ExportedEvent;
  readonly checkpoint?: StoredCheckpoint;
  readonly trailer?: ExportTrailer;
}

/** The export's lines in order, each parsed (a checkpoint and the trailer as such); a line that is none is refused, naming it. */
export async function* readExport(path: string): AsyncGenerator<ExportLine> {
  const input = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const text of lines) {
      n += 1;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new CliRefused(`line ${n} is not JSON (the file is cut off or damaged); nothing stored`);
      }
      const trailer = asTrailer(value);
      if (trailer) {
        yield { line: n, trailer };
        continue;
      }
      const checkpoint = asCheckpoint(value);
      if (typeof checkpoint === 'string') throw new CliRefused(`line ${n} is not a signed checkpoint (${checkpoint}); nothing stored`);
      if (checkpoint) {
        yield { line: n, checkpoint };
        continue;
      }
      const event = asEvent(value);
      if (typeof event === 'string') throw new CliRefused(`line ${n} is not an exported event (${event}); nothing stored`);
      yield { line: n, event };
    }
  } finally {
    // A reader that stops early (the prefix check) closes the file now, not when it is collected.
    lines.close();
    input.destroy();
  }
}

/**
 * The count the file's trailer claims (0 when its last line is not one): only the checking pass's progress total; the
 * trailer is checked against the lines themselves at the end of that pass.
 */
export function claimedEvents(path: string): number {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const tail = Buffer.alloc(Math.min(size, 4096));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    const last = tail.toString('utf8').trimEnd().split('\n').at(-1) ?? '';
    try {
      return asTrailer(JSON.parse(last))?.events ?? 0;
    } catch {
      return 0;
    }
  } finally {
    closeSync(fd);
  }
}

export function asTrailer(value: unknown): ExportTrailer | undefined {
  if (typeof value !== 'object' || value === null || (value as Record<string, unknown>)[EXPORT_TRAILER] !== true) return undefined;
  const { events, digest } = value as Record<string, unknown>;
  const { checkpoints } = value as Record<string, unknown>;
  if (typeof events !== 'number' || typeof digest !== 'string' || (checkpoints !== undefined && typeof checkpoints !== 'number')) return undefined;
  return value as ExportTrailer;
}

const DECIMAL = /^(0|[1-9]\d{0,18})$/;

/** An exported event line as the store's event, or what is wrong with it. */
function asEvent(value: unknown): ExportedEvent | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const v = value as Record<string, unknown>;
  const text = (key: string) => typeof v[key] === 'string';
  for (const key of ['position', 'eventId', 'streamId', 'streamVersion', 'type', 'recordedAt', 'hash']) if (!text(key)) return `${key} missing`;
  if (!DECIMAL.test(v.position as string) || !DECIMAL.test(v.streamVersion as string)) return 'position or streamVersion not a decimal';
  // Exports written before hash formats existed have no hashVersion: format 1.
  const hashVersion = v.hashVersion ?? 1;
  if (!Number.isInteger(v.schemaVersion) || !Number.isInteger(hashVersion)) return 'schemaVersion or hashVersion not an integer';
  const isObject = (x: unknown) => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (!isObject(v.data) || !isObject(v.metadata)) return 'data or metadata not an object';
  if (typeof (v.metadata as Record<string, unknown>).commandId !== 'string') return 'metadata.commandId missing';
  if (v.payload !== undefined && typeof v.payload !== 'string') return 'payload not a text';
  const recordedAt = new Date(v.recordedAt as string);
  if (Number.isNaN(recordedAt.getTime())) return 'recordedAt not a time';
  if (!/^[0-9a-f]{64}$/.test(v.hash as string)) return 'hash not 64 hex digits';
  return {
    position: BigInt(v.position as string),
    eventId: v.eventId as string,
    streamId: v.streamId as string,
    streamVersion: BigInt(v.streamVersion as string),
    type: v.type as string,
    schemaVersion: v.schemaVersion as number,
    data: v.data as JsonObject,
    metadata: v.metadata as EventMetadata,
    recordedAt,
    hash: v.hash as string,
    hashVersion: hashVersion as number,
    ...(v.payload === undefined ? {} : { payload: v.payload as string }),
  };
}
