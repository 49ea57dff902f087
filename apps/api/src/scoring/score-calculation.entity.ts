import { Column, Entity, PrimaryColumn } from 'typeorm';

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
}
