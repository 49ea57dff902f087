import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * audit_index: which events touch which recipient (insurer or prefecture), one row per event and recipient, with
 * recipient_code '*' for the events of the year that touch every recipient (phases, scorings, calculations).
 */
export class CreateAuditIndex1764000000000 implements MigrationInterface {
  name = 'CreateAuditIndex1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_index (
        fiscal_year     text        NOT NULL,
        recipient_code  text        NOT NULL,
        position        bigint      NOT NULL,
        stream_id       text        NOT NULL,
        event_type      text        NOT NULL,
        recorded_at     timestamptz NOT NULL,
        actor_id        text        NOT NULL,
        PRIMARY KEY (fiscal_year, recipient_code, position)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE audit_index');
  }
}
