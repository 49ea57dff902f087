import { EntityManager } from 'typeorm';
import { isFiscalYearEvent, parseStreamId } from '@grants/domain';
import { Projection, RecordedEvent } from '@grants/event-store';
import { FiscalYearViewRow } from './fiscal-year-view.entity';

export const FISCAL_YEAR_VIEW_PROJECTION = 'fiscal_year_view';

/** The fiscal year a `fiscal_year-FY2024` stream id belongs to, else undefined. */
function yearOf(streamId: string): string | undefined {
  const address = parseStreamId(streamId);
  return address?.category === 'fiscal_year' ? address.fiscalYear : undefined;
}

/**
 * Pure: the year's row after one event of its stream (the same fold as the fiscal year's decider, plus the stream
 * version). Every event of the stream moves the version, a ScoresCalculated too; an event at or before the row's
 * position is ignored, so a batch delivered twice changes nothing (STYLE.md rule 22).
 */
export function evolveFiscalYearView(row: FiscalYearViewRow | null, event: RecordedEvent): FiscalYearViewRow | null {
  const fiscalYear = yearOf(event.streamId);
  if (!fiscalYear || !isFiscalYearEvent(event)) return row;
  if (row && BigInt(row.lastPosition) >= event.position) return row;
  const moved = { version: event.streamVersion.toString(), lastPosition: event.position.toString() };
  if (event.type === 'FiscalYearOpened') {
    const { data } = event;
    return {
      fiscalYear,
      phase: 'open',
      pools: data.pools,
      deadlines: data.deadlines,
      deadlineChanges: [],
      allocationRuleVersion: data.allocationRuleVersion,
      unitYen: data.unitYen,
      frameworkHashes: data.frameworkHashes,
      municipalFramework: data.municipalFramework,
      prefecturalFramework: data.prefecturalFramework,
      openedAt: data.openedAt,
      grantSteps: [],
      ...moved,
    };
  }
  if (!row) return null;
  if (event.type === 'DeadlineChanged') {
    const { fiscalYear: _fiscalYear, ...change } = event.data;
    return { ...row, deadlines: { ...row.deadlines, [change.deadline]: change.to }, deadlineChanges: [...row.deadlineChanges, change], ...moved };
  }
  if (event.type === 'FiscalYearPhaseAdvanced') {
    const { to, requestsDueAt } = event.data;
    return { ...row, phase: to, ...(requestsDueAt !== undefined && { requestsDueAt }), ...moved };
  }
  if (event.type === 'GrantStepRecorded') {
    const { fiscalYear: _fiscalYear, ...step } = event.data;
    return { ...row, grantSteps: [...(row.grantSteps ?? []), step], ...moved };
  }
  return { ...row, ...moved };
}

/** Feeds `fiscal_year_view` from the fiscal years' streams, in the batch's transaction with the checkpoint. */
export class FiscalYearViewProjection implements Projection {
  readonly name = FISCAL_YEAR_VIEW_PROJECTION;

  canHandle(event: RecordedEvent): boolean {
    return yearOf(event.streamId) !== undefined;
  }

  /** Raw SQL, not a repository: the auditors' rebuild runs it on a data source that knows no entities. */
  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const years = [...new Set(events.map((e) => yearOf(e.streamId)).filter((y): y is string => y !== undefined))];
    if (years.length === 0) return;
    const stored: FiscalYearViewRow[] = await manager.query(
      `SELECT fiscal_year AS "fiscalYear", phase, pools, deadlines, deadline_changes AS "deadlineChanges", allocation_rule_version AS "allocationRuleVersion", unit_yen AS "unitYen",
              framework_hashes AS "frameworkHashes", municipal_framework AS "municipalFramework", prefectural_framework AS "prefecturalFramework",
              opened_at AS "openedAt", requests_due_at AS "requestsDueAt", grant_steps AS "grantSteps", version::text AS version, last_position::text AS "lastPosition"
       FROM fiscal_year_view WHERE fiscal_year = ANY($1::text[])`,
      [years],
    );
    const rows = new Map(stored.map((row) => [row.fiscalYear, row]));
    const changed = new Map<string, FiscalYearViewRow>();
    for (const event of events) {
      const fiscalYear = yearOf(event.streamId);
      if (!fiscalYear) continue;
      const current = rows.get(fiscalYear) ?? null;
      const next = evolveFiscalYearView(current, event);
      if (next && next !== current) {
        rows.set(fiscalYear, next);
        changed.set(fiscalYear, next);
      }
    }
    if (changed.size === 0) return;
    await manager.query(
      `INSERT INTO fiscal_year_view (fiscal_year, phase, pools, deadlines, deadline_changes, allocation_rule_version, unit_yen, framework_hashes,
              municipal_framework, prefectural_framework, opened_at, requests_due_at, grant_steps, version, last_position)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x("fiscalYear" text, phase text, pools jsonb, deadlines jsonb, "deadlineChanges" jsonb, "allocationRuleVersion" text,
              "unitYen" text, "frameworkHashes" jsonb, "municipalFramework" jsonb, "prefecturalFramework" jsonb, "openedAt" text,
              "requestsDueAt" text, "grantSteps" jsonb, version bigint, "lastPosition" numeric)
       ON CONFLICT (fiscal_year) DO UPDATE SET
         phase = excluded.phase, pools = excluded.pools, deadlines = excluded.deadlines, deadline_changes = excluded.deadline_changes, allocation_rule_version = excluded.allocation_rule_version,
         unit_yen = excluded.unit_yen, framework_hashes = excluded.framework_hashes, municipal_framework = excluded.municipal_framework,
         prefectural_framework = excluded.prefectural_framework, opened_at = excluded.opened_at, requests_due_at = excluded.requests_due_at,
         grant_steps = excluded.grant_steps, version = excluded.version,
         last_position = excluded.last_position`,
      [JSON.stringify([...changed.values()])],
    );
  }

  async reset(manager: EntityManager): Promise<void> {
    await manager.query('DELETE FROM fiscal_year_view');
  }
}
