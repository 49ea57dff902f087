import { MigrationInterface, QueryRunner } from 'typeorm';

/** The year's view keeps every change of a deadline (延長・繰上げ) with its reason; none before. */
export class AddDeadlineChanges1764400000000 implements MigrationInterface {
  name = 'AddDeadlineChanges1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE fiscal_year_view ADD COLUMN deadline_changes jsonb NOT NULL DEFAULT '[]'::jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE fiscal_year_view DROP COLUMN deadline_changes');
  }
}
