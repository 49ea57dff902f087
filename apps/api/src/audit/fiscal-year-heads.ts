import { Pool } from 'pg';
import type { RecordedEvent } from '@grants/event-store';

export interface FiscalYearHead {
  readonly fiscalYear: string;
  readonly events: number;
  /** The chain head at the fiscal year's last event: a digest that covers the year and everything before it. */
  readonly position: string;
  readonly hash: string;
}

/** The fiscal year a stream belongs to, by the same rule as the query below: `<kind>-FY2024[-…]`. */
const FISCAL_YEAR_OF_STREAM = /^[a-z_]+-(FY[0-9]{4})(?:-|$)/;

/**
 * Each fiscal year's head gathered while a chain is walked (EventStoreDB's verify hands every event with its hash):
 * the same heads as `fiscalYearHeads`, for a store without an events table.
 */
export function fiscalYearHeadCollector(): { readonly onEvent: (event: RecordedEvent, hash: string) => void; readonly heads: () => FiscalYearHead[] } {
  const years = new Map<string, { events: number; position: bigint; hash: string }>();
  return {
    onEvent: (event, hash) => {
      const fiscalYear = FISCAL_YEAR_OF_STREAM.exec(event.streamId)?.[1];
      if (fiscalYear === undefined) return;
      const year = years.get(fiscalYear);
      years.set(fiscalYear, { events: (year?.events ?? 0) + 1, position: event.position, hash });
    },
    heads: () =>
      [...years.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([fiscalYear, y]) => ({ fiscalYear, events: y.events, position: y.position.toString(), hash: y.hash })),
  };
}

/**
 * Each fiscal year's head in the hash chain, straight from the events table in one query (used by the audit route and
 * the CLI's verify). With `upTo`, only events at or before that position count: the part of a chain that verified.
 */
export async function fiscalYearHeads(pool: Pool, upTo?: bigint): Promise<FiscalYearHead[]> {
  const { rows } = await pool.query<{ fiscal_year: string; events: number; position: string; hash: string }>(
    `SELECT y.fiscal_year, y.events, y.position::text, e.hash
     FROM (SELECT substring(stream_id FROM '^[a-z_]+-(FY[0-9]{4})(?:-|$)') AS fiscal_year, count(*)::int AS events, max(position) AS position
           FROM events WHERE $1::bigint IS NULL OR position <= $1::bigint GROUP BY 1) y
     JOIN events e ON e.position = y.position
     WHERE y.fiscal_year IS NOT NULL
     ORDER BY y.fiscal_year`,
    [upTo?.toString() ?? null],
  );
  return rows.map((r) => ({ fiscalYear: r.fiscal_year, events: r.events, position: r.position, hash: r.hash }));
}
