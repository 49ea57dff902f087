import { EntityManager } from 'typeorm';
import { Projection, RecordedEvent } from '@grants/event-store';
import { evolveSubmissionOverview, SubmissionOverviewRow } from '../submission-overview.projection';

const SUBMISSION_STREAM = /^submission-(FY\d{4})-(\d{6})$/;

/** The overview row of a submission after each event of its stream (keyed by the event's position). */
export type SubmissionStatusRow = SubmissionOverviewRow;

/**
 * Pure: the rows a batch adds, one per event, each the overview row after that event folded by the overview's own
 * `evolveSubmissionOverview` from the stream's latest row before the batch. Events at or before a stream's latest row
 * add nothing, so a batch delivered twice changes nothing.
 */
export function statusHistoryRows(latest: ReadonlyMap<string, SubmissionStatusRow>, events: readonly RecordedEvent[]): SubmissionStatusRow[] {
  const current = new Map(latest);
  const rows: SubmissionStatusRow[] = [];
  for (const event of events) {
    const before = current.get(event.streamId) ?? null;
    const after = evolveSubmissionOverview(before, event);
    if (!after || after === before) continue;
    current.set(event.streamId, after);
    rows.push(after);
  }
  return rows;
}

/** The SQL select list that gives a submission_status_history row in the overview row's shape. */
export const STATUS_ROW_COLUMNS = `fiscal_year, insurer_code, prefecture_code, status, returned_count, corrected_count, version::text AS version, last_event_type,
  to_char(last_changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS last_changed_at, position::text AS last_position`;

/**
 * submission_status_history, fed from the global order: every submission's status over time, so that the 提出状況一覧
 * as of any point is one indexed look-up per insurer instead of a fold of every stream.
 */
export class SubmissionStatusHistoryProjection implements Projection {
  readonly name = 'submission_status_history';

  canHandle(event: RecordedEvent): boolean {
    return SUBMISSION_STREAM.test(event.streamId);
  }

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const keys = [...new Set(events.map((e) => e.streamId))].map((streamId) => SUBMISSION_STREAM.exec(streamId)!);
    // The latest row of each stream in the batch: one backward index look-up each.
    const existing: SubmissionStatusRow[] = await manager.query(
      `SELECT h.* FROM unnest($1::text[], $2::text[]) AS k(fiscal_year, insurer_code)
       CROSS JOIN LATERAL (SELECT ${STATUS_ROW_COLUMNS} FROM submission_status_history s
                           WHERE s.fiscal_year = k.fiscal_year AND s.insurer_code = k.insurer_code
                           ORDER BY s.position DESC LIMIT 1) h`,
      [keys.map((k) => k[1]), keys.map((k) => k[2])],
    );
    const latest = new Map(existing.map((row) => [`submission-${row.fiscal_year}-${row.insurer_code}`, row]));
    const rows = statusHistoryRows(latest, events);
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO submission_status_history (fiscal_year, insurer_code, position, prefecture_code, status, returned_count,
              corrected_count, version, last_event_type, last_changed_at)
       SELECT fiscal_year, insurer_code, last_position, prefecture_code, status, returned_count, corrected_count, version, last_event_type, last_changed_at
       FROM jsonb_to_recordset($1::jsonb) AS x(fiscal_year text, insurer_code text, last_position bigint, prefecture_code text, status text,
              returned_count integer, corrected_count integer, version bigint, last_event_type text, last_changed_at timestamptz)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(rows)],
    );
  }

  async reset(manager: EntityManager): Promise<void> {
    await manager.query('DELETE FROM submission_status_history');
  }
}
