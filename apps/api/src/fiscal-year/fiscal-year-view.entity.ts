import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DeadlineChange, Deadlines, Framework, GrantStepRecord, Phase, Pools } from '@grants/domain';

/** 年度: one row per opened fiscal year, what its queries show of it without reading its stream. */
@Entity({ name: 'fiscal_year_view' })
export class FiscalYearViewRow {
  @PrimaryColumn({ name: 'fiscal_year', type: 'text' })
  fiscalYear: string;

  @Column({ type: 'text' })
  phase: Phase;

  @Column({ type: 'jsonb' })
  pools: Pools;

  @Column({ type: 'jsonb' })
  deadlines: Deadlines;

  /** Every change of a deadline (延長・繰上げ) with its reason, oldest first. */
  @Column({ name: 'deadline_changes', type: 'jsonb', default: () => "'[]'::jsonb" })
  deadlineChanges: readonly DeadlineChange[];

  @Column({ name: 'allocation_rule_version', type: 'text' })
  allocationRuleVersion: string;

  @Column({ name: 'unit_yen', type: 'text' })
  unitYen: string;

  @Column({ name: 'framework_hashes', type: 'jsonb' })
  frameworkHashes: { readonly municipal: string; readonly prefectural: string };

  @Column({ name: 'municipal_framework', type: 'jsonb' })
  municipalFramework: Framework;

  @Column({ name: 'prefectural_framework', type: 'jsonb' })
  prefecturalFramework: Framework;

  /** As recorded (ISO 8601 text), so it reads back exactly. */
  @Column({ name: 'opened_at', type: 'text' })
  openedAt: string;

  /** Until when the 所要見込額 window accepts requests, once it opened (settlement years); absent before. */
  @Column({ name: 'requests_due_at', type: 'text', nullable: true })
  requestsDueAt?: string;

  /** The steps recorded after finalization (交付申請 … 返還), oldest first. */
  @Column({ name: 'grant_steps', type: 'jsonb', default: () => "'[]'::jsonb" })
  grantSteps: readonly GrantStepRecord[];

  /** The fiscal year's stream version (its ScoresCalculated included): the ETag and the next If-Match. */
  @Column({ type: 'bigint' })
  version: string;

  /** Global position of the last event of the year's stream applied to the row. */
  @Column({ name: 'last_position', type: 'numeric', precision: 39 })
  lastPosition: string;
}
