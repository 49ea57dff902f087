import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The score read models carry the 評価対象年度 and the per-indicator national statistics of each scored year,
 * and each insurer's 規模区分 with its rank in it (null for years recorded before these existed). The size-band
 * rankings are rows of `score_ranking` under the scopes `size-band-1` … `size-band-5`.
 */
export class AddScoreExtras1764300000000 implements MigrationInterface {
  name = 'AddScoreExtras1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE score_calculation ADD COLUMN activity_year text, ADD COLUMN indicator_statistics jsonb`);
    await queryRunner.query(`
      ALTER TABLE recipient_score
        ADD COLUMN size_band          integer CHECK (size_band BETWEEN 1 AND 5),
        ADD COLUMN size_band_rank     integer,
        ADD COLUMN size_band_ordinal  integer,
        ADD COLUMN size_band_out_of   integer`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE recipient_score DROP COLUMN size_band, DROP COLUMN size_band_rank, DROP COLUMN size_band_ordinal, DROP COLUMN size_band_out_of`);
    await queryRunner.query(`ALTER TABLE score_calculation DROP COLUMN activity_year, DROP COLUMN indicator_statistics`);
  }
}
