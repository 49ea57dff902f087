import { MigrationInterface, QueryRunner } from 'typeorm';

/** The municipalities' 所要見込額 after 内示, one row per fiscal year and insurer (municipal_request projection). */
export class CreateMunicipalRequest1764500000001 implements MigrationInterface {
  name = 'CreateMunicipalRequest1764500000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE municipal_request (
      fiscal_year text NOT NULL,
      insurer_code text NOT NULL,
      suishin_yen text NOT NULL,
      shien_yen text NOT NULL,
      draft_trial_number integer NOT NULL,
      requested_at text NOT NULL,
      position numeric(39) NOT NULL,
      PRIMARY KEY (fiscal_year, insurer_code)
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE municipal_request');
  }
}
