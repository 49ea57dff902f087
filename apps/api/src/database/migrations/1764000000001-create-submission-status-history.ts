import { MigrationInterface, QueryRunner } from 'typeorm';

/** submission_status_history: each submission's overview row after every event of its stream (as-of 提出状況一覧). */
export class CreateSubmissionStatusHistory1764000000001 implements MigrationInterface {
  name = 'CreateSubmissionStatusHistory1764000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE submission_status_history (
        fiscal_year      text        NOT NULL,
        insurer_code     text        NOT NULL,
        position         bigint      NOT NULL,
        prefecture_code  text        NOT NULL,
        status           text        NOT NULL,
        returned_count   integer     NOT NULL,
        corrected_count  integer     NOT NULL,
        version          bigint      NOT NULL,
        last_event_type  text        NOT NULL,
        last_changed_at  timestamptz NOT NULL,
        PRIMARY KEY (fiscal_year, insurer_code, position)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE submission_status_history');
  }
}
