import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { GrantId, Rank, ScoreRow } from '@grants/domain';

/** Insurers are scored against the municipal framework, prefectures against the prefectural one. */
export type RecipientLevel = 'insurer' | 'prefecture';

/** One grant's subtotal of a recipient (推進 / 支援) with its ranks. */
export interface GrantScore {
  readonly grant: GrantId;
  readonly score: number;
  readonly maxPoints: number;
  readonly ranks: { readonly national: Rank; readonly prefecture: Rank };
}

/** One row of the published table (an indicator group) with the national sums its national rate is read from. */
export type GroupScore = ScoreRow & {
  /** Sum of every recipient's score in the group and of their maxima; null when the group has no national sum. */
  readonly nationalScoreSum: number | null;
  readonly nationalMaxPoints: number | null;
};

/** 評価結果: one recipient's published score table of a fiscal year (integers only; rates are derived when shown). */
@Entity({ name: 'recipient_score' })
export class RecipientScore {
  @PrimaryColumn({ name: 'fiscal_year', type: 'text' })
  fiscalYear: string;

  @PrimaryColumn({ type: 'text' })
  level: RecipientLevel;

  /** Insurer number (6 digits) or prefecture code (2 digits). */
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ name: 'prefecture_code', type: 'text' })
  prefectureCode: string;

  @Column({ type: 'integer' })
  score: number;

  @Column({ name: 'max_points', type: 'integer' })
  maxPoints: number;

  /** Competition rank ("1224") among every recipient of the level; ordinal breaks ties by code. */
  @Column({ name: 'national_rank', type: 'integer' })
  nationalRank: number;

  @Column({ name: 'national_ordinal', type: 'integer' })
  nationalOrdinal: number;

  @Column({ name: 'national_out_of', type: 'integer' })
  nationalOutOf: number;

  /** Rank among the recipients of the same prefecture. */
  @Column({ name: 'prefecture_rank', type: 'integer' })
  prefectureRank: number;

  @Column({ name: 'prefecture_ordinal', type: 'integer' })
  prefectureOrdinal: number;

  @Column({ name: 'prefecture_out_of', type: 'integer' })
  prefectureOutOf: number;

  /** 規模区分 (1 … 5) of an insurer and its rank among that band's insurers; null for prefectures and older years. */
  @Column({ name: 'size_band', type: 'integer', nullable: true })
  sizeBand: number | null;

  @Column({ name: 'size_band_rank', type: 'integer', nullable: true })
  sizeBandRank: number | null;

  @Column({ name: 'size_band_ordinal', type: 'integer', nullable: true })
  sizeBandOrdinal: number | null;

  @Column({ name: 'size_band_out_of', type: 'integer', nullable: true })
  sizeBandOutOf: number | null;

  @Column({ type: 'jsonb' })
  grants: readonly GrantScore[];

  /** The table's rows in framework order. */
  @Column({ type: 'jsonb' })
  groups: readonly GroupScore[];

  @Column({ name: 'calculated_at', type: 'timestamptz' })
  calculatedAt: Date;

  @Column({ name: 'source_position', type: 'numeric', precision: 39 })
  sourcePosition: string;
}
