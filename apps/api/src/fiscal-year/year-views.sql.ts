import type { PoolId, RecordedPool } from '@grants/domain';
import type { YearCalculation } from '../grant-calculation/calculation-amount.projection';
import type { OpenedFiscalYear } from './fiscal-year.reader';

/** The columns of `fiscal_year_view` as a summary needs them (the frameworks aside). */
export type YearRow = Omit<OpenedFiscalYear, 'status' | 'municipalFramework' | 'prefecturalFramework'> & { readonly version: string };

export type YearRowWithFrameworks = YearRow & Pick<OpenedFiscalYear, 'municipalFramework' | 'prefecturalFramework'>;

const YEAR_COLUMNS = `fiscal_year AS "fiscalYear", phase, pools, deadlines, deadline_changes AS "deadlineChanges", allocation_rule_version AS "allocationRuleVersion", unit_yen AS "unitYen",
       framework_hashes AS "frameworkHashes", opened_at AS "openedAt", requests_due_at AS "requestsDueAt", grant_steps AS "grantSteps", version::text AS version`;

export const YEAR_SQL = `SELECT ${YEAR_COLUMNS} FROM fiscal_year_view WHERE fiscal_year = $1`;
export const YEAR_WITH_FRAMEWORKS_SQL = `SELECT ${YEAR_COLUMNS}, municipal_framework AS "municipalFramework", prefectural_framework AS "prefecturalFramework"
  FROM fiscal_year_view WHERE fiscal_year = $1`;

/** A registered insurer as the register's events give it (the same fields, in the same order). */
export const INSURER_SQL = `SELECT code, name, prefecture_code AS "prefectureCode", category1_insured_persons AS "category1InsuredPersons" FROM registered_insurer`;

export const CALCULATION_IN_FORCE_SQL = `SELECT calculation, position::text AS position, trial_number AS "trialNumber", pool, pool_yen::text AS "poolYen",
       placed_yen::text AS "placedYen", unallocated_yen::text AS "unallocatedYen", rounds, code, weight::text AS weight, cap_yen::text AS "capYen",
       capped, exact_share_yen AS "exactShareYen", amount_yen::text AS "amountYen"
  FROM calculation_amount WHERE fiscal_year = $1 AND in_force ORDER BY ordinal`;

interface AmountRow {
  readonly calculation: string;
  readonly position: string;
  readonly trialNumber: number;
  readonly pool: PoolId;
  readonly poolYen: string;
  readonly placedYen: string;
  readonly unallocatedYen: string;
  readonly rounds: number;
  readonly code: string;
  readonly weight: string;
  readonly capYen: string | null;
  readonly capped: boolean;
  readonly exactShareYen: string;
  readonly amountYen: string;
}

/** The calculation in force rebuilt from its rows (in recorded order), as the projection's fold gives it. */
export function calculationOf(rows: readonly AmountRow[]): YearCalculation | undefined {
  if (rows.length === 0) return undefined;
  const pools: { pool: RecordedPool; recipients: RecordedPool['recipients'][number][] }[] = [];
  for (const row of rows) {
    let last = pools.at(-1);
    if (!last || last.pool.pool !== row.pool) {
      last = { pool: { pool: row.pool, poolYen: row.poolYen, placedYen: row.placedYen, unallocatedYen: row.unallocatedYen, rounds: row.rounds, recipients: [] }, recipients: [] };
      pools.push(last);
    }
    last.recipients.push({ code: row.code, weight: row.weight, capYen: row.capYen, capped: row.capped, exactShareYen: row.exactShareYen, amountYen: row.amountYen });
  }
  const [first] = rows;
  return { ref: first.calculation, position: BigInt(first.position), trialNumber: first.trialNumber, pools: pools.map(({ pool, recipients }) => ({ ...pool, recipients })) };
}
