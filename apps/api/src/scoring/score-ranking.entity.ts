import { Column, Entity, PrimaryColumn } from 'typeorm';

/** 順位: one insurer's place in one ranking (nationally, and again within its prefecture), by total score. */
@Entity({ name: 'score_ranking' })
export class ScoreRanking {
  @PrimaryColumn({ name: 'fiscal_year', type: 'text' })
  fiscalYear: string;

  /** 'national', a prefecture code (that prefecture's insurers) or 'size-band-1' … 'size-band-5' (規模区分). */
  @PrimaryColumn({ type: 'text' })
  scope: string;

  /** 1 … n, ties broken by code: the order of the list. */
  @PrimaryColumn({ type: 'integer' })
  ordinal: number;

  @Column({ type: 'text' })
  code: string;

  @Column({ name: 'prefecture_code', type: 'text' })
  prefectureCode: string;

  @Column({ type: 'integer' })
  score: number;

  /** Competition rank: tied insurers share the best one. */
  @Column({ type: 'integer' })
  rank: number;

  @Column({ name: 'out_of', type: 'integer' })
  outOf: number;

  @Column({ name: 'source_position', type: 'numeric', precision: 39 })
  sourcePosition: string;
}
