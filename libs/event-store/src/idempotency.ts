import canonicalize from 'canonicalize';
import { EventMetadata, NewEvent, RecordedEvent } from './event-store';

/**
 * Whether an append repeats the command that stored `stored`. When the command carries a `commandHash` (a fingerprint
 * of its input), that decides: a retried HTTP request produces events with new timestamps, yet it is the same
 * command. Without one, the same stream, types, schema versions and data make it the same command.
 */
export function isSameCommand(
  stored: readonly RecordedEvent[],
  streamId: string,
  events: readonly NewEvent[],
  metadata: EventMetadata,
): boolean {
  if (stored.length === 0 || stored[0].streamId !== streamId) return false;
  const storedHash = stored[0].metadata.commandHash;
  if (storedHash !== undefined || metadata.commandHash !== undefined) return storedHash === metadata.commandHash;
  if (stored.length !== events.length) return false;
  return stored.every(
    (event, i) =>
      event.type === events[i].type &&
      event.schemaVersion === (events[i].schemaVersion ?? 1) &&
      canonicalize(event.data) === canonicalize(events[i].data),
  );
}
