import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions of the web app (auth/session): one row per signed-in browser, keyed by the SHA-256 of the cookie's opaque
 * id (a copy of the table does not sign anyone in), and the OpenID Connect sign-ins under way (state, nonce and PKCE
 * verifier between /auth/oidc/login and /auth/oidc/callback). Expired rows are deleted as new ones are written.
 */
export class CreateWebSessions1764600000000 implements MigrationInterface {
  name = 'CreateWebSessions1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE web_session (
      id_hash text PRIMARY KEY,
      actor_id text NOT NULL,
      role text NOT NULL,
      organisation_code text NOT NULL,
      issuer text NOT NULL,
      csrf_token text NOT NULL,
      created_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL
    )`);
    await queryRunner.query('CREATE INDEX web_session_expires_at ON web_session (expires_at)');
    await queryRunner.query(`CREATE TABLE oidc_sign_in (
      id_hash text PRIMARY KEY,
      state text NOT NULL,
      nonce text NOT NULL,
      code_verifier text NOT NULL,
      expires_at timestamptz NOT NULL
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE oidc_sign_in');
    await queryRunner.query('DROP TABLE web_session');
  }
}
