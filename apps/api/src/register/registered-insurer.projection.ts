import { EntityManager } from 'typeorm';
import { isRegisterEvent, parseStreamId } from '@grants/domain';
import { Projection, RecordedEvent } from '@grants/event-store';
import { RegisteredInsurerRow } from './registered-insurer.entity';

export const REGISTERED_INSURER_PROJECTION = 'registered_insurer';

/** The fiscal year a `register-FY2024` stream id belongs to, else undefined. */
function yearOf(streamId: string): string | undefined {
  const address = parseStreamId(streamId);
  return address?.category === 'register' ? address.fiscalYear : undefined;
}

/**
 * Pure: the year's register rows (by code) after one event, as the register's decider folds it: a later registration
 * of a code replaces the earlier one. A registration at or before a row's position leaves that row as it is, so a
 * batch delivered twice changes nothing (STYLE.md rule 22). Returns the same map when nothing changed.
 */
export function evolveRegisteredInsurers(rows: ReadonlyMap<string, RegisteredInsurerRow>, event: RecordedEvent): ReadonlyMap<string, RegisteredInsurerRow> {
  const fiscalYear = yearOf(event.streamId);
  if (!fiscalYear || !isRegisterEvent(event)) return rows;
  const position = event.position.toString();
  let next: Map<string, RegisteredInsurerRow> | undefined;
  for (const insurer of event.data.insurers) {
    const known = rows.get(insurer.code);
    if (known && BigInt(known.position) >= event.position) continue;
    next ??= new Map(rows);
    const { code, name, prefectureCode, category1InsuredPersons } = insurer;
    next.set(code, { fiscalYear, code, name, prefectureCode, category1InsuredPersons, position });
  }
  return next ?? rows;
}

/** Feeds `registered_insurer` from the registers' InsurersRegistered, in the batch's transaction with the checkpoint. */
export class RegisteredInsurerProjection implements Projection {
  readonly name = REGISTERED_INSURER_PROJECTION;

  canHandle(event: RecordedEvent): boolean {
    return event.type === 'InsurersRegistered' && yearOf(event.streamId) !== undefined;
  }

  /** Raw SQL, not a repository: the auditors' rebuild runs it on a data source that knows no entities. */
  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const keys = events.flatMap((event) => {
      const fiscalYear = yearOf(event.streamId);
      return fiscalYear && isRegisterEvent(event) ? event.data.insurers.map((i) => [fiscalYear, i.code] as const) : [];
    });
    if (keys.length === 0) return;
    const stored: RegisteredInsurerRow[] = await manager.query(
      `SELECT fiscal_year AS "fiscalYear", code, name, prefecture_code AS "prefectureCode",
              category1_insured_persons AS "category1InsuredPersons", position::text AS position
       FROM registered_insurer WHERE (fiscal_year, code) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [keys.map(([fiscalYear]) => fiscalYear), keys.map(([, code]) => code)],
    );
    const years = new Map<string, ReadonlyMap<string, RegisteredInsurerRow>>();
    for (const fiscalYear of new Set(stored.map((row) => row.fiscalYear))) {
      years.set(fiscalYear, new Map(stored.filter((row) => row.fiscalYear === fiscalYear).map((row) => [row.code, row])));
    }
    for (const event of events) {
      const fiscalYear = yearOf(event.streamId);
      if (fiscalYear) years.set(fiscalYear, evolveRegisteredInsurers(years.get(fiscalYear) ?? new Map(), event));
    }
    const unchanged = new Set(stored);
    const changed = [...years.values()].flatMap((rows) => [...rows.values()]).filter((row) => !unchanged.has(row));
    if (changed.length === 0) return;
    await manager.query(
      `INSERT INTO registered_insurer (fiscal_year, code, name, prefecture_code, category1_insured_persons, position)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x("fiscalYear" text, code text, name text, "prefectureCode" text,
              "category1InsuredPersons" integer, position numeric)
       ON CONFLICT (fiscal_year, code) DO UPDATE SET
         name = excluded.name, prefecture_code = excluded.prefecture_code,
         category1_insured_persons = excluded.category1_insured_persons, position = excluded.position`,
      [JSON.stringify(changed)],
    );
  }

  async reset(manager: EntityManager): Promise<void> {
    await manager.query('DELETE FROM registered_insurer');
  }
}
