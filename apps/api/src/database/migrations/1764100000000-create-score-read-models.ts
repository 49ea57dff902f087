import { MigrationInterface, QueryRunner } from 'typeorm';

/** The scoring context's read models: each recipient's score table, the rankings, and which ScoresCalculated they show. */
export class CreateScoreReadModels1764100000000 implements MigrationInterface {
  name = 'CreateScoreReadModels1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE score_calculation (
        fiscal_year      text        PRIMARY KEY,
        source_position  numeric(39) NOT NULL,
        inputs_sha256    text        NOT NULL,
        calculated_at    timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE recipient_score (
        fiscal_year         text        NOT NULL,
        level               text        NOT NULL CHECK (level IN ('insurer', 'prefecture')),
        code                text        NOT NULL,
        prefecture_code     text        NOT NULL,
        score               integer     NOT NULL,
        max_points          integer     NOT NULL,
        national_rank       integer     NOT NULL,
        national_ordinal    integer     NOT NULL,
        national_out_of     integer     NOT NULL,
        prefecture_rank     integer     NOT NULL,
        prefecture_ordinal  integer     NOT NULL,
        prefecture_out_of   integer     NOT NULL,
        grants              jsonb       NOT NULL,
        groups              jsonb       NOT NULL,
        calculated_at       timestamptz NOT NULL,
        source_position     numeric(39) NOT NULL,
        PRIMARY KEY (fiscal_year, level, code)
      )`);
    await queryRunner.query(`
      CREATE TABLE score_ranking (
        fiscal_year      text        NOT NULL,
        scope            text        NOT NULL,
        ordinal          integer     NOT NULL,
        code             text        NOT NULL,
        prefecture_code  text        NOT NULL,
        score            integer     NOT NULL,
        rank             integer     NOT NULL,
        out_of           integer     NOT NULL,
        source_position  numeric(39) NOT NULL,
        PRIMARY KEY (fiscal_year, scope, ordinal)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE score_ranking');
    await queryRunner.query('DROP TABLE recipient_score');
    await queryRunner.query('DROP TABLE score_calculation');
  }
}
