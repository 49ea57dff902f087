import { EntityManager } from 'typeorm';
import { isSubmissionEvent, parseStreamId } from '@grants/domain';
import { Projection, RecordedEvent } from '@grants/event-store';

export const MUNICIPAL_REQUEST_PROJECTION = 'municipal_request';

/** 所要見込額 of a municipality after 内示: the latest MunicipalAmountsRequested of its submission stream. */
export interface MunicipalRequestRow {
  readonly fiscalYear: string;
  readonly insurerCode: string;
  /** Yen as decimal strings, as recorded. */
  readonly suishinYen: string;
  readonly shienYen: string;
  readonly draftTrialNumber: number;
  readonly requestedAt: string;
  /** Global position of the event the row comes from. */
  readonly position: string;
}

function addressOf(streamId: string): { fiscalYear: string; code: string } | undefined {
  const address = parseStreamId(streamId);
  return address?.category === 'submission' ? { fiscalYear: address.fiscalYear, code: address.code } : undefined;
}

/**
 * Pure: an insurer's request row after one event of its submission stream: a later request replaces the earlier one,
 * as the submission's decider folds it; an event at or before the row's position changes nothing (a batch delivered
 * twice), nor does any other event.
 */
export function evolveMunicipalRequest(row: MunicipalRequestRow | null, event: RecordedEvent): MunicipalRequestRow | null {
  const address = addressOf(event.streamId);
  if (!address || !isSubmissionEvent(event) || event.type !== 'MunicipalAmountsRequested') return row;
  if (row && BigInt(row.position) >= event.position) return row;
  const { suishinYen, shienYen, draftTrialNumber, requestedAt } = event.data;
  return { fiscalYear: address.fiscalYear, insurerCode: address.code, suishinYen, shienYen, draftTrialNumber, requestedAt, position: event.position.toString() };
}

/** SQL of a year's requests, by insurer code. */
export const MUNICIPAL_REQUESTS_SQL = `SELECT insurer_code AS "insurerCode", suishin_yen AS "suishinYen", shien_yen AS "shienYen"
  FROM municipal_request WHERE fiscal_year = $1 ORDER BY insurer_code COLLATE "C"`;

/**
 * Feeds `municipal_request` from the insurers' MunicipalAmountsRequested, in the batch's transaction with the
 * checkpoint: a trial under a rule that settles requests reads a year's requests in one query instead of every
 * insurer's stream.
 */
export class MunicipalRequestProjection implements Projection {
  readonly name = MUNICIPAL_REQUEST_PROJECTION;

  canHandle(event: RecordedEvent): boolean {
    return event.type === 'MunicipalAmountsRequested' && addressOf(event.streamId) !== undefined;
  }

  /** Raw SQL, not a repository: the auditors' rebuild runs it on a data source that knows no entities. */
  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const keys = [...new Set(events.map((e) => e.streamId))].map(addressOf).filter((a): a is { fiscalYear: string; code: string } => a !== undefined);
    if (keys.length === 0) return;
    const stored: MunicipalRequestRow[] = await manager.query(
      `SELECT fiscal_year AS "fiscalYear", insurer_code AS "insurerCode", suishin_yen AS "suishinYen", shien_yen AS "shienYen",
              draft_trial_number AS "draftTrialNumber", requested_at AS "requestedAt", position::text AS position
       FROM municipal_request WHERE (fiscal_year, insurer_code) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [keys.map((k) => k.fiscalYear), keys.map((k) => k.code)],
    );
    const rows = new Map(stored.map((row) => [`${row.fiscalYear}/${row.insurerCode}`, row]));
    const changed = new Map<string, MunicipalRequestRow>();
    for (const event of events) {
      const address = addressOf(event.streamId);
      if (!address) continue;
      const key = `${address.fiscalYear}/${address.code}`;
      const current = rows.get(key) ?? null;
      const next = evolveMunicipalRequest(current, event);
      if (next && next !== current) {
        rows.set(key, next);
        changed.set(key, next);
      }
    }
    if (changed.size === 0) return;
    await manager.query(
      `INSERT INTO municipal_request (fiscal_year, insurer_code, suishin_yen, shien_yen, draft_trial_number, requested_at, position)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x("fiscalYear" text, "insurerCode" text, "suishinYen" text, "shienYen" text,
              "draftTrialNumber" integer, "requestedAt" text, position numeric)
       ON CONFLICT (fiscal_year, insurer_code) DO UPDATE SET
         suishin_yen = excluded.suishin_yen, shien_yen = excluded.shien_yen, draft_trial_number = excluded.draft_trial_number,
         requested_at = excluded.requested_at, position = excluded.position`,
      [JSON.stringify([...changed.values()])],
    );
  }

  async reset(manager: EntityManager): Promise<void> {
    await manager.query('DELETE FROM municipal_request');
  }
}
