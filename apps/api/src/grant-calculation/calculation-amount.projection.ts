import { EntityManager } from 'typeorm';
import { calculationRecordOf, GRANT_CALCULATION_EVENT_TYPES, inForceOf, isGrantCalculationEvent, parseStreamId } from '@grants/domain';
import type { RecordedPool } from '@grants/domain';
import { Projection, RecordedEvent } from '@grants/event-store';
import { CalculationAmount } from './calculation-amount.entity';

export const CALCULATION_AMOUNT_PROJECTION = 'calculation_amount';

/** One calculation of a year as its amounts are read: `trial:2`, `final`, `recalculation:1`. */
export interface YearCalculation {
  readonly ref: string;
  readonly position: bigint;
  readonly trialNumber: number;
  readonly pools: readonly RecordedPool[];
}

/** A year's calculations in the order they were recorded. */
export interface YearCalculations {
  readonly fiscalYear: string;
  readonly calculations: readonly YearCalculation[];
}

/** The fiscal year a `grant_calculation-FY2024` stream id belongs to, else undefined. */
function yearOf(streamId: string): string | undefined {
  const address = parseStreamId(streamId);
  return address?.category === 'grant_calculation' ? address.fiscalYear : undefined;
}

/**
 * Pure: the year's calculations after one event. Trials, the finalization and recalculations each add one (named by
 * calculationRecordOf, as the audit names them); other events, and an event at or before the last one applied (a
 * batch delivered twice), change nothing (STYLE.md rule 22).
 */
export function evolveCalculationAmounts(year: YearCalculations | null, event: RecordedEvent): YearCalculations | null {
  const fiscalYear = yearOf(event.streamId);
  if (!fiscalYear || !isGrantCalculationEvent(event)) return year;
  const record = calculationRecordOf(event);
  if (!record) return year;
  const last = year?.calculations.at(-1);
  if (last && last.position >= event.position) return year;
  const trialNumber = event.type === 'GrantsRecalculated' ? event.data.finalTrialNumber : event.type === 'GrantTrialCalculated' || event.type === 'GrantsFinalized' ? event.data.trialNumber : 0;
  return { fiscalYear, calculations: [...(year?.calculations ?? []), { ref: record.ref, position: record.position, trialNumber, pools: record.pools }] };
}

/** The calculation whose amounts are in force: the one rule of the audit (inForceOf). */
export function calculationInForce(year: YearCalculations | null): YearCalculation | undefined {
  return year ? inForceOf(year.calculations) : undefined;
}

/** A calculation's rows, one per pool and recipient in recorded order. */
export function amountRows(fiscalYear: string, calculation: YearCalculation, inForce: boolean): CalculationAmount[] {
  let ordinal = 0;
  return calculation.pools.flatMap((pool) =>
    pool.recipients.map((r) => ({
      fiscalYear,
      calculation: calculation.ref,
      pool: pool.pool,
      code: r.code,
      ordinal: (ordinal += 1),
      trialNumber: calculation.trialNumber,
      poolYen: pool.poolYen,
      placedYen: pool.placedYen,
      unallocatedYen: pool.unallocatedYen,
      rounds: pool.rounds,
      weight: r.weight,
      capYen: r.capYen,
      capped: r.capped,
      exactShareYen: r.exactShareYen,
      amountYen: r.amountYen,
      inForce,
      position: calculation.position.toString(),
    })),
  );
}

/** Every row of the year's calculations, the ones in force marked. */
export function yearAmountRows(year: YearCalculations): CalculationAmount[] {
  const inForce = calculationInForce(year);
  return year.calculations.flatMap((c) => amountRows(year.fiscalYear, c, c === inForce));
}

/**
 * Feeds `calculation_amount` from the grant-calculation streams, in the batch's transaction with the checkpoint: a new
 * calculation's rows are inserted and the year's in-force mark moved in the same transaction.
 */
export class CalculationAmountProjection implements Projection {
  readonly name = CALCULATION_AMOUNT_PROJECTION;

  canHandle(event: RecordedEvent): boolean {
    return (event.type === 'GrantTrialCalculated' || event.type === 'GrantsFinalized' || event.type === 'GrantsRecalculated') && yearOf(event.streamId) !== undefined;
  }

  /** Raw SQL, not a repository: the auditors' rebuild runs it on a data source that knows no entities. */
  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const years = [...new Set(events.map((e) => yearOf(e.streamId)).filter((y): y is string => y !== undefined))];
    if (years.length === 0) return;
    // What is stored already, without its amounts: enough to tell which calculation is in force.
    const stored: { fiscal_year: string; calculation: string; position: string; trial_number: number }[] = await manager.query(
      `SELECT DISTINCT fiscal_year, calculation, position::text AS position, trial_number FROM calculation_amount
       WHERE fiscal_year = ANY($1::text[]) ORDER BY position`,
      [years],
    );
    const state = new Map<string, YearCalculations | null>();
    for (const row of stored) {
      const known = state.get(row.fiscal_year)?.calculations ?? [];
      state.set(row.fiscal_year, { fiscalYear: row.fiscal_year, calculations: [...known, { ref: row.calculation, position: BigInt(row.position), trialNumber: row.trial_number, pools: [] }] });
    }
    const before = new Map([...state].map(([fiscalYear, year]) => [fiscalYear, new Set(year?.calculations)]));
    for (const event of events) {
      const fiscalYear = yearOf(event.streamId);
      if (fiscalYear) state.set(fiscalYear, evolveCalculationAmounts(state.get(fiscalYear) ?? null, event));
    }
    for (const [fiscalYear, year] of state) {
      const inForce = calculationInForce(year);
      const added = (year?.calculations ?? []).filter((c) => !before.get(fiscalYear)?.has(c));
      if (!inForce || added.length === 0) continue;
      const rows = added.flatMap((c) => amountRows(fiscalYear, c, c === inForce));
      await manager.query(
        `INSERT INTO calculation_amount (fiscal_year, calculation, pool, code, ordinal, trial_number, pool_yen, placed_yen, unallocated_yen,
                rounds, weight, cap_yen, capped, exact_share_yen, amount_yen, in_force, position)
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x("fiscalYear" text, calculation text, pool text, code text, ordinal integer,
                "trialNumber" integer, "poolYen" numeric, "placedYen" numeric, "unallocatedYen" numeric, rounds integer, weight numeric,
                "capYen" numeric, capped boolean, "exactShareYen" text, "amountYen" numeric, "inForce" boolean, position numeric)`,
        [JSON.stringify(rows)],
      );
      await manager.query('UPDATE calculation_amount SET in_force = (calculation = $2) WHERE fiscal_year = $1 AND in_force <> (calculation = $2)', [fiscalYear, inForce.ref]);
    }
  }

  async reset(manager: EntityManager): Promise<void> {
    await manager.query('DELETE FROM calculation_amount');
  }
}

/** The year's calculations folded from its stream by the projection's own `evolve`: for as-of reads and while the table lags. */
export const calculationAmountsFold = { initialState: null as YearCalculations | null, evolve: evolveCalculationAmounts, eventTypes: GRANT_CALCULATION_EVENT_TYPES };
