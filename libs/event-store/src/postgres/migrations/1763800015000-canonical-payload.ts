import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The bytes each event's hash covers: `payload` holds the event's canonical envelope (RFC 8785 JSON,
 * hash-chain.ts `canonicalEvent`), written once at append; the other columns, `data` and `metadata` among them, are
 * derived from it by the insert, and the verifier hashes `payload` as stored (hash = SHA-256(previous ‖ payload)) and
 * checks that the columns still say what it says.
 *
 * Events recorded before this migration keep `payload` NULL: no stored event is rewritten (their hashes never
 * change), and the verifier reads them through its adapter (`chainHashOfText`: canonical JSON rebuilt from the
 * columns, as before). Adding a nullable column rewrites no row, so the append-only trigger is not involved. No
 * check ties `payload` to `hash_version`: whether they agree is for the verifier to say, naming the event.
 */
export class AddCanonicalPayload1763800015000 implements MigrationInterface {
  name = 'AddCanonicalPayload1763800015000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE events ADD COLUMN payload text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE events DROP COLUMN payload`);
  }
}
