import { EntityManager } from 'typeorm';
import { Projection, RecordedEvent } from '@grants/event-store';

/** One row per insurer and fiscal year: where its self-evaluation stands (提出状況一覧). */
export interface SubmissionOverviewRow {
  readonly fiscal_year: string;
  readonly insurer_code: string;
  readonly prefecture_code: string;
  readonly status: 'draft' | 'submitted' | 'returned';
  readonly returned_count: number;
  readonly corrected_count: number;
  readonly version: string;
  readonly last_event_type: string;
  readonly last_changed_at: string;
  readonly last_position: string;
}

const SUBMISSION_STREAM = /^submission-(FY\d{4})-(\d{6})$/;

/**
 * Pure: the row after one event. Events at or before the row's position are ignored, so applying a batch twice
 * changes nothing (STYLE.md rule 22).
 */
export function evolveSubmissionOverview(row: SubmissionOverviewRow | null, event: RecordedEvent): SubmissionOverviewRow | null {
  const match = SUBMISSION_STREAM.exec(event.streamId);
  if (!match) return row;
  if (row && BigInt(row.last_position) >= event.position) return row;
  const [, fiscalYear, insurerCode] = match;
  const base: SubmissionOverviewRow = row ?? {
    fiscal_year: fiscalYear,
    insurer_code: insurerCode,
    prefecture_code: insurerCode.slice(0, 2),
    status: 'draft',
    returned_count: 0,
    corrected_count: 0,
    version: '0',
    last_event_type: event.type,
    last_changed_at: event.recordedAt.toISOString(),
    last_position: '0',
  };
  const touched = { ...base, version: event.streamVersion.toString(), last_event_type: event.type, last_changed_at: event.recordedAt.toISOString(), last_position: event.position.toString() };
  switch (event.type) {
    case 'AnswersSaved':
      return { ...touched, status: base.status === 'returned' ? 'returned' : 'draft' };
    case 'SubmissionSubmitted':
      return { ...touched, status: 'submitted' };
    case 'SubmissionReturned':
      return { ...touched, status: 'returned', returned_count: base.returned_count + 1 };
    case 'AnswerReviewed':
      return { ...touched, corrected_count: base.corrected_count + (event.data.decision === 'corrected' ? 1 : 0) };
    default:
      return touched;
  }
}

export class SubmissionOverviewProjection implements Projection {
  readonly name = 'submission_overview';

  canHandle(event: RecordedEvent): boolean {
    return SUBMISSION_STREAM.test(event.streamId);
  }

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const keys = [...new Set(events.map((e) => e.streamId))];
    const existing: SubmissionOverviewRow[] = await manager.query(
      `SELECT fiscal_year, insurer_code, prefecture_code, status, returned_count, corrected_count,
              version::text, last_event_type, to_char(last_changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS last_changed_at,
              last_position::text
       FROM submission_overview WHERE 'submission-' || fiscal_year || '-' || insurer_code = ANY($1::text[])`,
      [keys],
    );
    const rows = new Map(existing.map((row) => [`submission-${row.fiscal_year}-${row.insurer_code}`, row]));
    for (const event of events) {
      const next = evolveSubmissionOverview(rows.get(event.streamId) ?? null, event);
      if (next) rows.set(event.streamId, next);
    }
    await manager.query(
      `INSERT INTO submission_overview AS o (fiscal_year, insurer_code, prefecture_code, status, returned_count,
              corrected_count, version, last_event_type, last_changed_at, last_position)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(fiscal_year text, insurer_code text, prefecture_code text, status text,
              returned_count integer, corrected_count integer, version bigint, last_event_type text,
              last_changed_at timestamptz, last_position numeric)
       ON CONFLICT (fiscal_year, insurer_code) DO UPDATE SET
         status = excluded.status, returned_count = excluded.returned_count,
         corrected_count = excluded.corrected_count, version = excluded.version, last_event_type = excluded.last_event_type,
         last_changed_at = excluded.last_changed_at, last_position = excluded.last_position`,
      [JSON.stringify([...rows.values()])],
    );
  }

  async reset(manager: EntityManager): Promise<void> {
    await manager.query('DELETE FROM submission_overview');
  }
}
