import { EntityManager } from 'typeorm';
import { RecordedEvent } from '../event-store';
import { Projection } from './projection';

interface StreamSummary {
  stream_id: string;
  category: string;
  event_count: number;
  last_version: string;
  last_position: string;
  last_event_type: string;
  first_recorded_at: string;
  last_recorded_at: string;
}

/** Summarises a batch per stream (pure), so that the batch is written with one upsert. */
export function summariseStreams(events: readonly RecordedEvent[]): StreamSummary[] {
  const byStream = new Map<string, StreamSummary>();
  for (const event of events) {
    const current = byStream.get(event.streamId);
    const at = event.recordedAt.toISOString();
    if (current) {
      current.event_count += 1;
      current.last_version = event.streamVersion.toString();
      current.last_position = event.position.toString();
      current.last_event_type = event.type;
      current.last_recorded_at = at;
    } else {
      byStream.set(event.streamId, {
        stream_id: event.streamId,
        category: streamCategory(event.streamId),
        event_count: 1,
        last_version: event.streamVersion.toString(),
        last_position: event.position.toString(),
        last_event_type: event.type,
        first_recorded_at: at,
        last_recorded_at: at,
      });
    }
  }
  return [...byStream.values()];
}

export function streamCategory(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash > 0 ? streamId.slice(0, dash) : streamId;
}

/** Feeds `stream_catalog`; an upsert that ignores positions already applied keeps it idempotent. */
export class StreamCatalogProjection implements Projection {
  readonly name = 'stream_catalog';

  canHandle(): boolean {
    return true;
  }

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO stream_catalog AS c (stream_id, category, event_count, last_version, last_position, last_event_type,
                                        first_recorded_at, last_recorded_at)
       SELECT stream_id, category, event_count, last_version, last_position, last_event_type, first_recorded_at, last_recorded_at
       FROM jsonb_to_recordset($1::jsonb) AS x(stream_id text, category text, event_count bigint, last_version bigint,
            last_position numeric, last_event_type text, first_recorded_at timestamptz, last_recorded_at timestamptz)
       ON CONFLICT (stream_id) DO UPDATE SET
         event_count = c.event_count + excluded.event_count,
         last_version = excluded.last_version,
         last_position = excluded.last_position,
         last_event_type = excluded.last_event_type,
         last_recorded_at = excluded.last_recorded_at
       WHERE c.last_position < excluded.last_position`,
      [JSON.stringify(summariseStreams(events))],
    );
  }

  async reset(manager: EntityManager): Promise<void> {
    await manager.query('DELETE FROM stream_catalog');
  }
}
