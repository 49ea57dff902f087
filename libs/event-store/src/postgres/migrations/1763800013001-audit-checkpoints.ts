import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed checkpoints of the hash chain (checkpoints.ts). A table of their own rather than events: a checkpoint is an
 * attestation about the log, not a fact of the domain; it must not move the head it signs, nor be read by replays,
 * projections or the EventStoreDB adapter. Append-only like the events (UPDATE, DELETE and TRUNCATE are refused).
 * The private key is never stored: only the public key each checkpoint was signed with, for the auditors' listing.
 */
export class CreateAuditCheckpoints1763800013001 implements MigrationInterface {
  name = 'CreateAuditCheckpoints1763800013001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_checkpoints (
        id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        position      bigint      NOT NULL CHECK (position >= 0),
        head_hash     char(64)    NOT NULL,
        signed_at     timestamptz NOT NULL,
        key_id        char(64)    NOT NULL,
        public_key    text        NOT NULL,
        signature     text        NOT NULL,
        reason        text        NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
        requested_by  text
      )`);
    await queryRunner.query(`CREATE INDEX audit_checkpoints_position_idx ON audit_checkpoints (position)`);
    await queryRunner.query(`
      CREATE FUNCTION audit_checkpoints_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit checkpoints are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
      FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_refuse_change()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
      FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoints_refuse_change()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE audit_checkpoints`);
    await queryRunner.query(`DROP FUNCTION audit_checkpoints_refuse_change()`);
  }
}
