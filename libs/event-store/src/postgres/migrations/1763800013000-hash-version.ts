import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The hash format of each event (hash-chain.ts). Events already recorded keep format 1 (their hashes never change);
 * the store writes every new event in format 2, which also covers the `command_id` column and the time to the
 * microsecond. No default: a writer must say which format it hashed. Adding the column rewrites no row (the value
 * of existing rows is the column's missing value), so the append-only trigger is not involved.
 */
export class AddHashVersion1763800013000 implements MigrationInterface {
  name = 'AddHashVersion1763800013000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE events ADD COLUMN hash_version smallint NOT NULL DEFAULT 1 CHECK (hash_version IN (1, 2))`);
    await queryRunner.query(`ALTER TABLE events ALTER COLUMN hash_version DROP DEFAULT`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE events DROP COLUMN hash_version`);
  }
}
