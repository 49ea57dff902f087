import { readFileSync } from 'node:fs';
import { RecordedEvent } from '@grants/event-store';

/** The events of an NDJSON export (`npm run cli -- export`), as the store recorded them. */
export function readExport(path: string): RecordedEvent[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line))
    // The trailer (counts and digest) and the signed checkpoints that exports end with are not events.
    .filter((row) => row.trailer !== true && row.checkpoint !== true)
    .map((row) => {
      return {
        ...row,
        position: BigInt(row.position),
        streamVersion: BigInt(row.streamVersion),
        recordedAt: new Date(row.recordedAt),
      } as RecordedEvent;
    });
}
