import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read models queries answer a fiscal year from: the year itself (phase, pools, frameworks), its register of
 * insurers, and every calculation's amounts per pool and recipient with the one in force marked.
 */
export class CreateYearViews1764200000000 implements MigrationInterface {
  name = 'CreateYearViews1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE fiscal_year_view (
        fiscal_year              text        PRIMARY KEY,
        phase                    text        NOT NULL,
        pools                    jsonb       NOT NULL,
        deadlines                jsonb       NOT NULL,
        allocation_rule_version  text        NOT NULL,
        unit_yen                 text        NOT NULL,
        framework_hashes         jsonb       NOT NULL,
        municipal_framework      jsonb       NOT NULL,
        prefectural_framework    jsonb       NOT NULL,
        opened_at                text        NOT NULL,
        version                  bigint      NOT NULL,
        last_position            numeric(39) NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE registered_insurer (
        fiscal_year                  text        NOT NULL,
        code                         text        NOT NULL,
        name                         text        NOT NULL,
        prefecture_code              text        NOT NULL,
        category1_insured_persons    integer     NOT NULL,
        position                     numeric(39) NOT NULL,
        PRIMARY KEY (fiscal_year, code)
      )`);
    await queryRunner.query('CREATE INDEX registered_insurer_prefecture ON registered_insurer (fiscal_year, prefecture_code, code)');
    await queryRunner.query(`
      CREATE TABLE calculation_amount (
        fiscal_year      text        NOT NULL,
        calculation      text        NOT NULL,
        pool             text        NOT NULL,
        code             text        NOT NULL,
        ordinal          integer     NOT NULL,
        trial_number     integer     NOT NULL,
        pool_yen         numeric(39) NOT NULL,
        placed_yen       numeric(39) NOT NULL,
        unallocated_yen  numeric(39) NOT NULL,
        rounds           integer     NOT NULL,
        weight           numeric(78) NOT NULL,
        cap_yen          numeric(39),
        capped           boolean     NOT NULL,
        exact_share_yen  text        NOT NULL,
        amount_yen       numeric(39) NOT NULL,
        in_force         boolean     NOT NULL,
        position         numeric(39) NOT NULL,
        PRIMARY KEY (fiscal_year, calculation, pool, code)
      )`);
    await queryRunner.query('CREATE INDEX calculation_amount_in_force ON calculation_amount (fiscal_year, ordinal) WHERE in_force');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE calculation_amount');
    await queryRunner.query('DROP TABLE registered_insurer');
    await queryRunner.query('DROP TABLE fiscal_year_view');
  }
}
