import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PoolId } from '@grants/domain';

/** 交付額: one recipient's amount from one pool in one calculation of a fiscal year, the one in force marked. */
@Entity({ name: 'calculation_amount' })
export class CalculationAmount {
  @PrimaryColumn({ name: 'fiscal_year', type: 'text' })
  fiscalYear: string;

  /** `trial:2`, `final`, `recalculation:1`, as auditors name calculations (libs/domain/src/audit/fiscal-year-history.ts). */
  @PrimaryColumn({ type: 'text' })
  calculation: string;

  @PrimaryColumn({ type: 'text' })
  pool: PoolId;

  /** Insurer number (6 digits) or prefecture code (2 digits). */
  @PrimaryColumn({ type: 'text' })
  code: string;

  /** Order within the calculation as recorded: pools in order, each pool's recipients in order. */
  @Column({ type: 'integer' })
  ordinal: number;

  /** The trial the calculation is (a trial), froze (final) or recalculates (recalculation). */
  @Column({ name: 'trial_number', type: 'integer' })
  trialNumber: number;

  @Column({ name: 'pool_yen', type: 'numeric', precision: 39 })
  poolYen: string;

  @Column({ name: 'placed_yen', type: 'numeric', precision: 39 })
  placedYen: string;

  @Column({ name: 'unallocated_yen', type: 'numeric', precision: 39 })
  unallocatedYen: string;

  /** Redistribution rounds of the pool. */
  @Column({ type: 'integer' })
  rounds: number;

  @Column({ type: 'numeric', precision: 78 })
  weight: string;

  /** 所要見込額 (prefectures), null without a cap. */
  @Column({ name: 'cap_yen', type: 'numeric', precision: 39, nullable: true })
  capYen: string | null;

  @Column({ type: 'boolean' })
  capped: boolean;

  /** The exact share before rounding, as recorded (a display of the rational). */
  @Column({ name: 'exact_share_yen', type: 'text' })
  exactShareYen: string;

  @Column({ name: 'amount_yen', type: 'numeric', precision: 39 })
  amountYen: string;

  /** Whether these are the amounts in force (inForceOf: the latest recalculation, else the final, else the latest trial). */
  @Column({ name: 'in_force', type: 'boolean' })
  inForce: boolean;

  /** Global position of the event that recorded the calculation. */
  @Column({ type: 'numeric', precision: 39 })
  position: string;
}
