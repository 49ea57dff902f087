import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSubmissionOverview1763900000000 implements MigrationInterface {
  name = 'CreateSubmissionOverview1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE submission_overview (
        fiscal_year      text        NOT NULL,
        insurer_code     text        NOT NULL,
        prefecture_code  text        NOT NULL,
        status           text        NOT NULL,
        returned_count   integer     NOT NULL,
        corrected_count  integer     NOT NULL,
        version          bigint      NOT NULL,
        last_event_type  text        NOT NULL,
        last_changed_at  timestamptz NOT NULL,
        last_position    numeric(39) NOT NULL,
        PRIMARY KEY (fiscal_year, insurer_code)
      )`);
    await queryRunner.query('CREATE INDEX submission_overview_prefecture_idx ON submission_overview (fiscal_year, prefecture_code, status)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE submission_overview');
  }
}
