import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateStreamCatalog1763800000001 implements MigrationInterface {
  name = 'CreateStreamCatalog1763800000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE stream_catalog (
        stream_id          text        PRIMARY KEY,
        category           text        NOT NULL,
        event_count        bigint      NOT NULL,
        last_version       bigint      NOT NULL,
        last_position      numeric(39) NOT NULL,
        last_event_type    text        NOT NULL,
        first_recorded_at  timestamptz NOT NULL,
        last_recorded_at   timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX stream_catalog_category_idx ON stream_catalog (category, stream_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE stream_catalog');
  }
}
