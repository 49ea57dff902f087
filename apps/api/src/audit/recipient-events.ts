import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { DataSource } from 'typeorm';
import { fiscalYearOfStream, PointInLog, withinPoint } from '@grants/domain';
import { EventStore, fromRow, PostgresEventStore, RecordedEvent, Upcasters } from '@grants/event-store';
import { currentAsOf } from '../common/as-of';
import { AuditService, noEvents } from './audit.service';
import { EVERY_RECIPIENT, foldedByTimeline, recipientsTouched } from './audit-index.projection';

/** The events table's columns as the store reads them (the time as epoch milliseconds). */
export const EVENT_COLUMNS =
  'position, event_id, stream_id, stream_version, type, schema_version, data, metadata, (extract(epoch FROM recorded_at) * 1000)::float8 AS recorded_at, hash';

/** One recipient's events of a year, and the year's last event, as of a point in the log. */
export interface RecipientLog {
  readonly events: readonly RecordedEvent[];
  /** The fiscal year's last event at the point: its head. */
  readonly yearHead: bigint;
}

/**
 * Reads what one recipient's timeline and as-of view fold: the events audit_index names for it or for every
 * recipient, up to the index's checkpoint, then the few events recorded since (filtered by the index's own pure
 * function), so the answer is the same as a fold of the whole log at any moment. Events that touch every recipient
 * (scorings, calculations: large, and the same for all; a year has a few dozen) are kept in memory once read; stored
 * events never change.
 * A store other than PostgreSQL keeps no index to read beside it: the whole year is folded then.
 */
@Injectable()
export class RecipientEvents {
  private readonly shared = new LRUCache<string, RecordedEvent>({ max: 64 });

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly upcasters: Upcasters,
    private readonly log: AuditService,
  ) {}

  async read(fiscalYear: string, code: string, asOf: PointInLog | undefined = currentAsOf()): Promise<RecipientLog> {
    if (!(this.store instanceof PostgresEventStore)) {
      const events = await this.log.events(fiscalYear);
      return { events, yearHead: events[events.length - 1].position };
    }
    const [yearHead, indexed] = await Promise.all([fiscalYearHead(this.store, fiscalYear, asOf), this.indexed(fiscalYear, code, asOf)]);
    if (yearHead === undefined) throw noEvents(fiscalYear);
    const events = await this.fetch(this.store, indexed.rows);
    if (asOf?.position === undefined || asOf.position > indexed.checkpoint) events.push(...(await this.tail(fiscalYear, code, indexed.checkpoint, asOf)));
    return { events, yearHead };
  }

  /** The index's rows for the recipient and for every recipient, in global order, and the index's checkpoint. */
  private async indexed(fiscalYear: string, code: string, asOf: PointInLog | undefined) {
    const [row] = (await this.dataSource.query(
      `SELECT coalesce((SELECT position FROM projection_checkpoints WHERE name = 'audit_index'), 0)::text AS checkpoint,
              coalesce((SELECT json_agg(json_build_array(position::text, recipient_code, stream_id) ORDER BY position)
                        FROM audit_index
                        WHERE fiscal_year = $1 AND recipient_code IN ($2, $3)
                          AND ($4::bigint IS NULL OR position <= $4::bigint) AND ($5::timestamptz IS NULL OR recorded_at <= $5::timestamptz)),
                       '[]'::json) AS rows`,
      [fiscalYear, code, EVERY_RECIPIENT, asOf?.position?.toString() ?? null, asOf?.at?.toISOString() ?? null],
    )) as { checkpoint: string; rows: [string, string, string][] }[];
    const rows = row.rows.filter(([, , streamId]) => foldedByTimeline(streamId)).map(([position, recipient]) => ({ position, shared: recipient === EVERY_RECIPIENT }));
    return { checkpoint: BigInt(row.checkpoint), rows };
  }

  private async fetch(store: PostgresEventStore, rows: readonly { position: string; shared: boolean }[]): Promise<RecordedEvent[]> {
    const missing = rows.filter((r) => !(r.shared && this.shared.has(r.position))).map((r) => r.position);
    const read = new Map<string, RecordedEvent>();
    if (missing.length > 0) {
      const { rows: found } = await store.connectionPool.query<Parameters<typeof fromRow>[0]>(`SELECT ${EVENT_COLUMNS} FROM events WHERE position = ANY($1::bigint[])`, [missing]);
      for (const event of found) read.set(String(event.position), this.upcasters.upcast(fromRow(event)));
    }
    return rows.map((r) => {
      const event = read.get(r.position) ?? this.shared.get(r.position);
      if (!event) throw new Error(`audit_index names position ${r.position}, which the events table does not hold`);
      if (r.shared) this.shared.set(r.position, event);
      return event;
    });
  }

  /** Events after the index's checkpoint (recorded since it last caught up) that touch the recipient. */
  private async tail(fiscalYear: string, code: string, after: bigint, asOf: PointInLog | undefined): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for (let from = after; ; ) {
      const page = await this.store.readAll({ after: from, maxCount: 1000 });
      for (const stored of page) {
        if (asOf?.position !== undefined && stored.position > asOf.position) return events;
        const event = this.upcasters.upcast(stored);
        if (!withinPoint(asOf, event) || fiscalYearOfStream(event.streamId) !== fiscalYear || !foldedByTimeline(event.streamId)) continue;
        const touched = recipientsTouched(event);
        if (touched.includes(code) || touched.includes(EVERY_RECIPIENT)) events.push(event);
      }
      if (page.length < 1000) return events;
      from = page[page.length - 1].position;
    }
  }
}

/** The position of the fiscal year's last event at the point, if it had any. */
export async function fiscalYearHead(store: PostgresEventStore, fiscalYear: string, asOf: PointInLog | undefined): Promise<bigint | undefined> {
  const { rows } = await store.connectionPool.query<{ position: string }>(
    `SELECT position::text AS position FROM events
     WHERE stream_id ~ $1 AND ($2::bigint IS NULL OR position <= $2::bigint) AND ($3::timestamptz IS NULL OR recorded_at <= $3::timestamptz)
     ORDER BY events.position DESC LIMIT 1`,
    [`^[a-z_]+-${fiscalYear}(-|$)`, asOf?.position?.toString() ?? null, asOf?.at?.toISOString() ?? null],
  );
  return rows.length > 0 ? BigInt(rows[0].position) : undefined;
}
