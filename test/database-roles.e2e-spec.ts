import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Client, escapeIdentifier } from 'pg';
import request from 'supertest';
import { AppRoleError, grantAppRole, runAdminSql } from '@grants/database';
import { TEST_SERVER_ENV, withDatabase } from '@grants/testing';
import { createApp } from '../apps/api/src/app.factory';
import { loadConfig } from '../apps/api/src/config/app-config';
import { TEST_ENV } from './support/test-app';
import { bearer } from './support/tokens';

/**
 * Database roles: migrations run as an owner role (MIGRATION_DATABASE_URL), the service as an app role
 * (DATABASE_URL) that may read and append events but cannot change them or switch off the append-only trigger.
 * Real roles on the test server: a non-superuser owner that owns the database, and an app role with no privileges
 * until the service's start grants them.
 */
const suffix = randomBytes(4).toString('hex');
const OWNER = `grants_owner_${suffix}`;
const APP = `grants_app_${suffix}`;
const DATABASE = `grants_roles_${suffix}`;
const FY = 'FY2024';
const kuwana = '242055';
const admin = bearer('national-admin', 'MHLW', 'admin-1');

let serverUrl: string;
let ownerUrl: string;
let appUrl: string;

function asRole(url: string, role: string): string {
  const at = new URL(url);
  at.username = role;
  at.password = '';
  return at.toString();
}

async function sql<R extends Record<string, unknown>>(url: string, text: string): Promise<R[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text)).rows;
  } finally {
    await client.end();
  }
}

/** The PostgreSQL error code a statement fails with (undefined when it succeeds). */
async function failureCode(url: string, text: string): Promise<string | undefined> {
  return sql(url, text).then(
    () => undefined,
    (error: { code?: string }) => error.code,
  );
}

async function startService(env: Record<string, string> = {}): Promise<INestApplication> {
  const config = loadConfig({ ...TEST_ENV, DATABASE_URL: appUrl, MIGRATION_DATABASE_URL: ownerUrl, ...env });
  const app = await createApp({ databaseUrl: config.DATABASE_URL ?? appUrl, migrationDatabaseUrl: config.MIGRATION_DATABASE_URL, config });
  await app.init();
  return app;
}

beforeAll(async () => {
  const server = process.env[TEST_SERVER_ENV] ?? process.env.DATABASE_URL;
  if (!server) throw new Error(`${TEST_SERVER_ENV} is not set: run the tests with "npm test"`);
  serverUrl = server;
  await runAdminSql(serverUrl, `CREATE ROLE ${escapeIdentifier(OWNER)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD 'owner'`);
  await runAdminSql(serverUrl, `CREATE ROLE ${escapeIdentifier(APP)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD 'app'`);
  await runAdminSql(serverUrl, `CREATE DATABASE ${escapeIdentifier(DATABASE)} OWNER ${escapeIdentifier(OWNER)}`);
  const database = withDatabase(serverUrl, DATABASE);
  ownerUrl = asRole(database, OWNER);
  appUrl = asRole(database, APP);
  // Password authentication, when the test server asks for it.
  if (new URL(serverUrl).password) {
    ownerUrl = ownerUrl.replace(`${OWNER}@`, `${OWNER}:owner@`);
    appUrl = appUrl.replace(`${APP}@`, `${APP}:app@`);
  }
});

afterAll(async () => {
  await runAdminSql(serverUrl, `DROP DATABASE IF EXISTS ${escapeIdentifier(DATABASE)} WITH (FORCE)`);
  await runAdminSql(serverUrl, `DROP ROLE IF EXISTS ${escapeIdentifier(APP)}`);
  await runAdminSql(serverUrl, `DROP ROLE IF EXISTS ${escapeIdentifier(OWNER)}`);
});

describe('the service as the app role, migrations as the owner', () => {
  let app: INestApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await startService();
  });
  afterAll(async () => app?.close());

  it('opens a year, registers an insurer, saves answers and reads them back, connected as the app role', async () => {
    await http()
      .post('/fiscal-years')
      .set('Authorization', admin)
      .send({
        fiscalYear: FY,
        pools: { suishinMunicipalYen: '1000', suishinPrefecturalYen: '1000', shienMunicipalYen: '1000', shienPrefecturalYen: '1000' },
        deadlines: {
          submissionsDueAt: new Date(Date.now() + 3_600_000).toISOString(),
          prefectureSubmissionsDueAt: new Date(Date.now() + 3_600_001).toISOString(),
          reviewDueAt: new Date(Date.now() + 3_600_002).toISOString(),
        },
        allocationRuleVersion: 'municipal-score-x-insured-v1',
      })
      .expect(201);
    await http().put(`/fiscal-years/${FY}/insurers`).set('Authorization', admin).send({ insurers: [{ code: kuwana, name: '桑名市', category1InsuredPersons: 38000 }] }).expect(200);
    await http()
      .put(`/fiscal-years/${FY}/submissions/${kuwana}/answers`)
      .set('Authorization', bearer('insurer', kuwana))
      .send({ answers: { 'suishin-I-i-1': { answerType: 'yes_no', yes: true } } })
      .expect(200);
    const submission = await http().get(`/fiscal-years/${FY}/submissions/${kuwana}`).set('Authorization', bearer('insurer', kuwana)).expect(200);
    expect(JSON.stringify(submission.body)).toContain('suishin-I-i-1');

    const sessions = await sql<{ usename: string }>(
      withDatabase(serverUrl, DATABASE),
      `SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
    );
    expect(sessions.map((s) => s.usename)).toEqual([APP]);
    const [{ count }] = await sql<{ count: string }>(appUrl, 'SELECT count(*)::text AS count FROM events');
    expect(Number(count)).toBeGreaterThanOrEqual(3);
  });

  it.each([
    ['ALTER TABLE events DISABLE TRIGGER events_append_only', 'disable the append-only trigger'],
    ['ALTER TABLE events DISABLE TRIGGER ALL', 'disable every trigger'],
    ["UPDATE events SET data = '{}'::jsonb WHERE position = 1", 'update an event'],
    ['DELETE FROM events WHERE position = 1', 'delete an event'],
    ['TRUNCATE events', 'truncate the log'],
    ['ALTER TABLE events OWNER TO CURRENT_USER', 'take the table over'],
    ['DROP TABLE events', 'drop the log'],
    ['CREATE TABLE shadow_events (LIKE events)', 'create tables'],
    ['DELETE FROM schema_migrations', 'rewrite the migration record'],
  ])('refuses the app role: %s (%s) with a permission error', async (statement) => {
    expect(await failureCode(appUrl, statement)).toBe('42501'); // insufficient_privilege
  });

  it('leaves the events intact after those attempts, and the owner still owns the table', async () => {
    const [row] = await sql<{ owner: string; enabled: string }>(
      ownerUrl,
      `SELECT pg_get_userbyid(c.relowner) AS owner, t.tgenabled AS enabled
         FROM pg_class c JOIN pg_trigger t ON t.tgrelid = c.oid WHERE c.relname = 'events' AND t.tgname = 'events_append_only'`,
    );
    expect(row).toEqual({ owner: OWNER, enabled: 'O' });
  });
});

describe('grants that follow the schema', () => {
  it('covers tables added later: a read model gets writes, a table guarded like events gets SELECT and INSERT only', async () => {
    // As a later migration would, run by the owner: a plain table and an append-only one with the events trigger.
    await sql(ownerUrl, 'CREATE TABLE later_read_model (id int PRIMARY KEY, value text)');
    await sql(ownerUrl, 'CREATE TABLE later_checkpoints (id int PRIMARY KEY, head char(64))');
    await sql(
      ownerUrl,
      'CREATE TRIGGER later_checkpoints_append_only BEFORE UPDATE OR DELETE ON later_checkpoints FOR EACH ROW EXECUTE FUNCTION events_refuse_change()',
    );
    // The owner's default privileges already reach the new read model.
    expect(await failureCode(appUrl, "INSERT INTO later_read_model VALUES (1, 'a')")).toBeUndefined();
    expect(await failureCode(appUrl, "UPDATE later_read_model SET value = 'b'")).toBeUndefined();

    // The next start grants again (idempotent) and narrows the guarded table to SELECT and INSERT.
    const app = await startService();
    await app.close();
    expect(await failureCode(appUrl, "INSERT INTO later_checkpoints VALUES (1, repeat('a', 64))")).toBeUndefined();
    for (const statement of ["UPDATE later_checkpoints SET head = repeat('b', 64)", 'DELETE FROM later_checkpoints', 'TRUNCATE later_checkpoints']) {
      expect(await failureCode(appUrl, statement)).toBe('42501');
    }
    expect(await failureCode(appUrl, 'DELETE FROM later_read_model')).toBeUndefined();
  });

  it('refuses to treat the owner or a superuser as the app role', async () => {
    await expect(grantAppRole(ownerUrl, OWNER)).rejects.toThrow(AppRoleError);
    const superuser = new URL(serverUrl).username || 'postgres';
    await expect(grantAppRole(ownerUrl, superuser)).rejects.toThrow(/superuser/);
    await expect(grantAppRole(ownerUrl, `missing_${suffix}`)).rejects.toThrow(/does not exist/);
  });

  it('refuses to start in production when the service would connect as the owner of the events table', async () => {
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: randomBytes(32).toString('hex'),
      JWT_MAX_TTL_SECONDS: '900',
      DATABASE_URL: ownerUrl,
      MIGRATION_DATABASE_URL: ownerUrl,
      AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
    await expect(startService(production)).rejects.toThrow(/owns the events table/);
  });
});
