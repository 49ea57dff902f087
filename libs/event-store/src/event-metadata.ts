import { EventMetadata } from './event-store';
import { JsonObject } from './json';

/** The metadata as it is stored and hashed: optional fields left out where they are undefined. */
export function storedMetadata(metadata: EventMetadata): EventMetadata {
  const { correlationId, causationId, reason, commandHash, ...required } = metadata;
  return {
    ...required,
    ...(correlationId !== undefined && { correlationId }),
    ...(causationId !== undefined && { causationId }),
    ...(reason !== undefined && { reason }),
    ...(commandHash !== undefined && { commandHash }),
  };
}

/**
 * Metadata read back from stored JSON: each field of `EventMetadata` taken where it is text. A required field that
 * is missing (never written by this service) reads as '' rather than as a value of another type.
 */
export function metadataFromJson(stored: JsonObject): EventMetadata {
  const text = (key: keyof EventMetadata): string | undefined => {
    const value = stored[key];
    return typeof value === 'string' ? value : undefined;
  };
  return storedMetadata({
    actorId: text('actorId') ?? '',
    actorRole: text('actorRole') ?? '',
    organisationCode: text('organisationCode') ?? '',
    commandId: text('commandId') ?? '',
    correlationId: text('correlationId'),
    causationId: text('causationId'),
    reason: text('reason'),
    commandHash: text('commandHash'),
  });
}
