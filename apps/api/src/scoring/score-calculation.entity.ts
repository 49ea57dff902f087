import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { IndicatorStatistic } from '@grants/domain';

/** The per-indicator national statistics of both levels, as recorded. */
export interface RecordedStatistics {
  readonly municipal: readonly IndicatorStatistic[];
  readonly prefectural: readonly IndicatorStatistic[];
}

/** One row per scored fiscal year: which ScoresCalculated the year's score rows and rankings were built from. */
@Entity({ name: 'score_calculation' })
export class ScoreCalculation {
  @PrimaryColumn({ name: 'fiscal_year', type: 'text' })
  fiscalYear: string;

  /** Global position of the ScoresCalculated event; a later one of the same year replaces every row. */
  @Column({ name: 'source_position', type: 'numeric', precision: 39 })
  sourcePosition: string;

  /** SHA-256 of the scoring inputs, as recorded (for the audit trail). */
  @Column({ name: 'inputs_sha256', type: 'text' })
  inputsSha256: string;

  @Column({ name: 'calculated_at', type: 'timestamptz' })
  calculatedAt: Date;

  /** 評価対象年度: the framework's activity year as recorded, else the grant year − 1. */
  @Column({ name: 'activity_year', type: 'text' })
  activityYear: string;

  /** Null for a year recorded before the statistics were computed. */
  @Column({ name: 'indicator_statistics', type: 'jsonb', nullable: true })
  indicatorStatistics: RecordedStatistics | null;
}
