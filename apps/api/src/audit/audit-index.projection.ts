import { EntityManager } from 'typeorm';
import { fiscalYearOfStream, isGrantCalculationEvent, isNationalFiguresEvent, isRegisterEvent } from '@grants/domain';
import { Projection, RecordedEvent } from '@grants/event-store';

/** The recipient code of the index rows for events that touch every recipient of the year. */
export const EVERY_RECIPIENT = '*';

/** One row of audit_index: an event that touches one recipient (or, with '*', every recipient) of a fiscal year. */
export interface AuditIndexRow {
  readonly fiscal_year: string;
  readonly recipient_code: string;
  readonly position: string;
  readonly stream_id: string;
  readonly event_type: string;
  readonly recorded_at: string;
  readonly actor_id: string;
}

/**
 * Pure: the recipients an event touches. Its own submission stream (insurer or prefecture), the register rows and
 * national figures naming it, a score correction naming it; the fiscal year's own events (phases, ScoresCalculated)
 * and the calculations (trials, finalization, recalculations) touch every recipient ('*'). Events outside a fiscal
 * year touch none.
 */
export function recipientsTouched(event: RecordedEvent): readonly string[] {
  const fiscalYear = fiscalYearOfStream(event.streamId);
  if (fiscalYear === undefined) return [];
  const category = event.streamId.slice(0, event.streamId.indexOf('-'));
  switch (category) {
    case 'submission':
    case 'prefecture_submission':
      return [event.streamId.slice(category.length + fiscalYear.length + 2)];
    case 'register':
      return isRegisterEvent(event) ? unique(event.data.insurers.map((insurer) => insurer.code)) : [];
    case 'national_figures':
      return isNationalFiguresEvent(event) ? unique(event.data.figures.map((figure) => figure.code)) : [];
    case 'grant_calculation':
      return isGrantCalculationEvent(event) && event.type === 'ScoreCorrected' ? [event.data.code] : [EVERY_RECIPIENT];
    case 'fiscal_year':
      return [EVERY_RECIPIENT];
    default:
      return [];
  }
}

/** Pure: the index rows of one event. */
export function auditIndexRows(event: RecordedEvent): AuditIndexRow[] {
  const fiscalYear = fiscalYearOfStream(event.streamId);
  if (fiscalYear === undefined) return [];
  return recipientsTouched(event).map((code) => ({
    fiscal_year: fiscalYear,
    recipient_code: code,
    position: event.position.toString(),
    stream_id: event.streamId,
    event_type: event.type,
    recorded_at: event.recordedAt.toISOString(),
    actor_id: event.metadata.actorId,
  }));
}

/** Whether the index row's event can change what the timeline shows (national figures never do). */
export function foldedByTimeline(streamId: string): boolean {
  return !streamId.startsWith('national_figures-');
}

function unique(codes: readonly string[]): string[] {
  return [...new Set(codes)];
}

/**
 * audit_index, fed from the global order: lets the audit read one recipient's events (its timeline, its view as of
 * a point) without folding the whole year. Rows are keyed by (year, recipient, position), so a batch delivered twice
 * adds nothing.
 */
export class AuditIndexProjection implements Projection {
  readonly name = 'audit_index';

  canHandle(event: RecordedEvent): boolean {
    return fiscalYearOfStream(event.streamId) !== undefined;
  }

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const rows = events.flatMap(auditIndexRows);
    for (let i = 0; i < rows.length; i += 5000) {
      await manager.query(
        `INSERT INTO audit_index (fiscal_year, recipient_code, position, stream_id, event_type, recorded_at, actor_id)
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(fiscal_year text, recipient_code text, position bigint, stream_id text,
                event_type text, recorded_at timestamptz, actor_id text)
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(rows.slice(i, i + 5000))],
      );
    }
  }

  async reset(manager: EntityManager): Promise<void> {
    await manager.query('DELETE FROM audit_index');
  }
}
