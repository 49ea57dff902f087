import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only event table. Positions are assigned under a transaction-level advisory lock as head + 1, so they
 * are gapless and commit in order (see postgres-event-store.ts); the trigger refuses UPDATE, DELETE and TRUNCATE
 * so that only a superuser who disables it can alter history, which the hash chain then exposes.
 */
export class CreateEventStore1763800000000 implements MigrationInterface {
  name = 'CreateEventStore1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE events (
        position        bigint      PRIMARY KEY CHECK (position > 0),
        event_id        uuid        NOT NULL UNIQUE,
        stream_id       text        NOT NULL CHECK (length(stream_id) BETWEEN 1 AND 200),
        stream_version  bigint      NOT NULL CHECK (stream_version >= 0),
        type            text        NOT NULL,
        schema_version  integer     NOT NULL DEFAULT 1,
        data            jsonb       NOT NULL,
        metadata        jsonb       NOT NULL,
        command_id      text        NOT NULL,
        recorded_at     timestamptz NOT NULL,
        hash            char(64)    NOT NULL,
        CONSTRAINT events_stream_version_unique UNIQUE (stream_id, stream_version)
      )`);
    await queryRunner.query(`CREATE INDEX events_command_id_idx ON events (command_id)`);
    await queryRunner.query(`
      CREATE FUNCTION events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'events are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
      FOR EACH ROW EXECUTE FUNCTION events_refuse_change()`);
    await queryRunner.query(`
      CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
      FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_change()`);
    await queryRunner.query(`
      -- numeric(39): EventStoreDB's $all positions (commit, prepare) need 128 bits; PostgreSQL's fit in bigint.
      CREATE TABLE projection_checkpoints (
        name        text        PRIMARY KEY,
        position    numeric(39) NOT NULL DEFAULT 0,
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE projection_checkpoints`);
    await queryRunner.query(`DROP TABLE events`);
    await queryRunner.query(`DROP FUNCTION events_refuse_change()`);
  }
}
