import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { calculationRecordOf, CalculationRecord, grantCalculationStreamId, isGrantCalculationEvent, PointInLog } from '@grants/domain';
import { EventStore, fromRow, PostgresEventStore, Upcasters } from '@grants/event-store';
import { currentAsOf } from '../common/as-of';
import { AuditService, noEvents } from './audit.service';
import { EVENT_COLUMNS, fiscalYearHead } from './recipient-events';

/** Either a calculation the event records, or null for the stream's other events (requests, corrections). */
type Entry = CalculationRecord | { readonly none: true };

/**
 * A year's calculations (trials, the finalization, recalculations) as of the request's point in the log, for the
 * calculation list and the diff. They are all in the year's grant_calculation stream, so that stream is read (its
 * positions first, then only the events not read before: stored events never change, and a calculation's pools are
 * large), not the whole year folded. The answer is the one FiscalYearHistory.calculations gives at the same point.
 * A store other than PostgreSQL folds the whole year as before.
 */
@Injectable()
export class CalculationRecords {
  /** Keyed by position; sized by recipient rows so that a few dozen national calculations fit. */
  private readonly read = new LRUCache<string, Entry>({
    maxSize: 400_000,
    sizeCalculation: (entry) => 1 + ('pools' in entry ? entry.pools.reduce((n, p) => n + p.recipients.length, 0) : 0),
  });

  constructor(
    private readonly store: EventStore,
    private readonly upcasters: Upcasters,
    private readonly log: AuditService,
  ) {}

  async of(fiscalYear: string, asOf: PointInLog | undefined = currentAsOf()): Promise<CalculationRecord[]> {
    if (!(this.store instanceof PostgresEventStore)) return (await this.log.history(fiscalYear)).history.calculations;
    const pool = this.store.connectionPool;
    const point = [asOf?.position?.toString() ?? null, asOf?.at?.toISOString() ?? null];
    const { rows } = await pool.query<{ position: string }>(
      `SELECT position::text AS position FROM events
       WHERE stream_id = $1 AND ($2::bigint IS NULL OR position <= $2::bigint) AND ($3::timestamptz IS NULL OR recorded_at <= $3::timestamptz)
       ORDER BY events.position`,
      [grantCalculationStreamId(fiscalYear), ...point],
    );
    const missing = rows.map((r) => r.position).filter((position) => !this.read.has(position));
    const fetched = new Map<string, Entry>();
    if (missing.length > 0) {
      const found = await pool.query<Parameters<typeof fromRow>[0]>(`SELECT ${EVENT_COLUMNS} FROM events WHERE position = ANY($1::bigint[])`, [missing]);
      for (const row of found.rows) {
        const event = this.upcasters.upcast(fromRow(row));
        const record = isGrantCalculationEvent(event) ? calculationRecordOf(event) : undefined;
        fetched.set(String(row.position), record ?? { none: true });
        this.read.set(String(row.position), record ?? { none: true });
      }
    }
    const records = rows
      .map((r) => fetched.get(r.position) ?? this.read.get(r.position))
      .filter((entry): entry is CalculationRecord => {
        if (!entry) throw new Error('a calculation event was neither read nor kept');
        return 'pools' in entry;
      });
    if (records.length === 0 && (await fiscalYearHead(this.store, fiscalYear, asOf)) === undefined) throw noEvents(fiscalYear);
    return records;
  }
}
