import { RecordedEvent } from './event-store';
import { JsonObject } from './json';

/**
 * Turns the data of an event stored under an older schema into the next schema version. Stored events are never
 * rewritten (the hash chain covers them); readers upcast on the way in, so a fiscal year recorded years ago still
 * replays with today's code (STYLE.md rule 7).
 */
export interface Upcaster {
  readonly type: string;
  /** The schema version this upcaster reads; it produces `fromVersion + 1`. */
  readonly fromVersion: number;
  upcast(data: JsonObject): JsonObject;
}

export class Upcasters {
  private readonly byKey = new Map<string, Upcaster>();
  /** Types that have any upcaster: every other event passes through without building a lookup key. */
  private readonly types = new Set<string>();

  constructor(upcasters: readonly Upcaster[] = []) {
    for (const upcaster of upcasters) {
      const key = `${upcaster.type}@${upcaster.fromVersion}`;
      if (this.byKey.has(key)) throw new Error(`two upcasters for ${key}`);
      this.byKey.set(key, upcaster);
      this.types.add(upcaster.type);
    }
  }

  /** The event in the newest schema its type has an upcaster chain to; untouched when none applies. */
  upcast(event: RecordedEvent): RecordedEvent {
    if (!this.types.has(event.type)) return event;
    let current = event;
    for (;;) {
      const upcaster = this.byKey.get(`${current.type}@${current.schemaVersion}`);
      if (!upcaster) return current;
      current = { ...current, data: upcaster.upcast(current.data), schemaVersion: current.schemaVersion + 1 };
    }
  }
}
