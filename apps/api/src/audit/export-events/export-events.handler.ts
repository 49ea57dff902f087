import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { fiscalYearOfStream, PointInLog } from '@grants/domain';
import { EventStore, GENESIS_HASH, PostgresEventStore } from '@grants/event-store';
import { currentAsOf } from '../../common/as-of';
import { chainUnavailable } from '../checkpoints/audit-checkpoints.service';
import { ExportEvents } from './export-events.query';

const PAGE = 2_000;

interface StoredRow {
  position: string;
  event_id: string;
  stream_id: string;
  stream_version: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: unknown;
  recorded_at: Date;
  hash: string;
  hash_version: number;
  payload: string | null;
}

/** Pages through the events table in global order (the stored rows, never upcast), a page of lines at a time. */
@QueryHandler(ExportEvents)
export class ExportEventsHandler implements IQueryHandler<ExportEvents> {
  constructor(private readonly store: EventStore) {}

  async execute({ fiscalYear }: ExportEvents): Promise<AsyncIterable<string>> {
    if (!(this.store instanceof PostgresEventStore)) throw chainUnavailable();
    return this.lines(this.store, fiscalYear, currentAsOf());
  }

  private async *lines(store: PostgresEventStore, fiscalYear: string | undefined, asOf: PointInLog | undefined): AsyncIterable<string> {
    let events = 0;
    let last = { position: '0', hash: GENESIS_HASH };
    for (let after = '0'; ; ) {
      const { rows } = await store.connectionPool.query<StoredRow>(
        `SELECT position::text AS position, event_id, stream_id, stream_version::text AS stream_version, type, schema_version, data, metadata,
                recorded_at, hash, hash_version, payload
         FROM events
         WHERE position > $1 AND ($2::bigint IS NULL OR position <= $2::bigint) AND ($3::timestamptz IS NULL OR recorded_at <= $3::timestamptz)
         ORDER BY events.position LIMIT ${PAGE}`,
        [after, asOf?.position?.toString() ?? null, asOf?.at?.toISOString() ?? null],
      );
      const lines: string[] = [];
      for (const row of rows) {
        if (fiscalYear !== undefined && fiscalYearOfStream(row.stream_id) !== fiscalYear) continue;
        events += 1;
        last = { position: row.position, hash: row.hash };
        lines.push(
          JSON.stringify({
            position: row.position,
            eventId: row.event_id,
            streamId: row.stream_id,
            streamVersion: row.stream_version,
            type: row.type,
            schemaVersion: row.schema_version,
            data: row.data,
            metadata: row.metadata,
            recordedAt: row.recorded_at.toISOString(),
            hash: row.hash,
            hashVersion: row.hash_version ?? 1,
            ...(row.payload === null ? {} : { payload: row.payload }),
          }),
        );
      }
      if (lines.length > 0) yield `${lines.join('\n')}\n`;
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1].position;
    }
    yield `${JSON.stringify({ trailer: true, events, digest: `${last.position}:${last.hash}`, ...(fiscalYear === undefined ? {} : { fiscalYear }) })}\n`;
  }
}
