import { MigrationInterface, QueryRunner } from 'typeorm';

/** The year's view keeps the 所要見込額 window's date and the steps recorded after finalization; none before. */
export class AddYearWorkflow1764500000000 implements MigrationInterface {
  name = 'AddYearWorkflow1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE fiscal_year_view ADD COLUMN requests_due_at text NULL, ADD COLUMN grant_steps jsonb NOT NULL DEFAULT '[]'::jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE fiscal_year_view DROP COLUMN grant_steps, DROP COLUMN requests_due_at');
  }
}
