import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Client, escapeIdentifier } from 'pg';
import request from 'supertest';
import { runAdminSql } from '@grants/database';
import { CheckpointSigner, insertCheckpointQuery, ProjectionRunner, PostgresEventStore, publicKeyPem } from '@grants/event-store';
import { TEST_SERVER_ENV, withDatabase } from '@grants/testing';
import { createApp } from '../apps/api/src/app.factory';
import { loadConfig } from '../apps/api/src/config/app-config';
import { doctorCommand } from '../apps/cli/src/doctor/doctor.command';
import { CheckResult } from '../apps/cli/src/doctor/doctor-checks';
import { TEST_ENV } from './support/test-app';
import { bearer } from './support/tokens';

/**
 * The operator's checks: `doctor` on a real set-up (a non-superuser owner migrates and grants the app role,
 * the service runs as the app role) passes; the same database seen with the owner, or a superuser, as the service's
 * role fails, as do a read model held behind the head and a missing migration.
 */
const suffix = randomBytes(4).toString('hex');
const OWNER = `grants_owner_${suffix}`;
const APP = `grants_app_${suffix}`;
const DATABASE = `grants_doctor_${suffix}`;
const FY = 'FY2024';
const admin = bearer('national-admin', 'MHLW', 'admin-1');

let serverUrl: string;
let ownerUrl: string;
let appUrl: string;
let keyDir: string;
let keyFile: string;

function asRole(url: string, role: string, password: string): string {
  const at = new URL(url);
  at.username = role;
  at.password = new URL(serverUrl).password ? password : '';
  return at.toString();
}

async function sql(url: string, text: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Runs doctor with --json and returns its exit code and checks by name. */
async function doctor(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; checks: Record<string, CheckResult> }> {
  const lines: string[] = [];
  const code = await doctorCommand([...args, '--json'], { DATA_DIR: join(keyDir, 'no-data-dir'), ...env }, { out: (line) => lines.push(line), tty: false });
  const report = JSON.parse(lines.join('\n')) as { ok: boolean; checks: CheckResult[] };
  expect(report.ok).toBe(code === 0);
  return { code, checks: Object.fromEntries(report.checks.map((c) => [c.check, c])) };
}

beforeAll(async () => {
  const server = process.env[TEST_SERVER_ENV] ?? process.env.DATABASE_URL;
  if (!server) throw new Error(`${TEST_SERVER_ENV} is not set: run the tests with "npm test"`);
  serverUrl = server;
  await runAdminSql(serverUrl, `CREATE ROLE ${escapeIdentifier(OWNER)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD 'owner'`);
  await runAdminSql(serverUrl, `CREATE ROLE ${escapeIdentifier(APP)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD 'app'`);
  await runAdminSql(serverUrl, `CREATE DATABASE ${escapeIdentifier(DATABASE)} OWNER ${escapeIdentifier(OWNER)}`);
  const database = withDatabase(serverUrl, DATABASE);
  ownerUrl = asRole(database, OWNER, 'owner');
  appUrl = asRole(database, APP, 'app');

  // A proper set-up: the service migrates as the owner, grants the app role (grantAppRole) and runs as the app role.
  const config = loadConfig({ ...TEST_ENV, DATABASE_URL: appUrl, MIGRATION_DATABASE_URL: ownerUrl });
  const app: INestApplication = await createApp({ databaseUrl: appUrl, migrationDatabaseUrl: ownerUrl, config });
  await app.init();
  try {
    await request(app.getHttpServer())
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
    await request(app.getHttpServer())
      .put(`/fiscal-years/${FY}/insurers`)
      .set('Authorization', admin)
      .send({ insurers: [{ code: '242055', name: '桑名市', category1InsuredPersons: 38000 }] })
      .expect(200);
    const store = new PostgresEventStore({ connectionString: appUrl });
    try {
      const head = await store.head();
      await app.get(ProjectionRunner).waitFor(head.position);
      // A checkpoint signed with a key of our own, as the service signs them.
      const keys = generateKeyPairSync('ed25519');
      const checkpoint = new CheckpointSigner(keys.privateKey).sign(head, new Date());
      await store.connectionPool.query(insertCheckpointQuery({ ...checkpoint, reason: 'on demand', publicKey: publicKeyPem(keys.publicKey), requestedBy: 'admin-1' }));
      keyDir = mkdtempSync(join(tmpdir(), 'grants-doctor-'));
      keyFile = join(keyDir, 'public.pem');
      writeFileSync(keyFile, publicKeyPem(keys.publicKey));
    } finally {
      await store.close();
    }
  } finally {
    await app.close();
  }
});

afterAll(async () => {
  if (keyDir) rmSync(keyDir, { recursive: true, force: true });
  await runAdminSql(serverUrl, `DROP DATABASE IF EXISTS ${escapeIdentifier(DATABASE)} WITH (FORCE)`);
  await runAdminSql(serverUrl, `DROP ROLE IF EXISTS ${escapeIdentifier(APP)}`);
  await runAdminSql(serverUrl, `DROP ROLE IF EXISTS ${escapeIdentifier(OWNER)}`);
});

describe('cli doctor', () => {
  it('exits 0 on a proper set-up: owner migrated, app role granted, chain and its signed checkpoint verified, read models caught up', async () => {
    const { code, checks } = await doctor(['--database-url', ownerUrl, '--app-role-url', appUrl, '--public-key', keyFile]);
    expect(code).toBe(0);
    expect(Object.fromEntries(Object.entries(checks).map(([name, c]) => [name, c.status]))).toEqual({
      database: 'ok',
      migrations: 'ok',
      'app-role': 'ok',
      chain: 'ok',
      projections: 'ok',
      clock: 'ok',
      disk: 'skip',
    });
    expect(checks.chain.message).toContain('signed checkpoints verified: 1 by');
    // The same from the environment the service runs with: the role is DATABASE_URL's user, looked up by name.
    const fromEnv = await doctor([], { MIGRATION_DATABASE_URL: ownerUrl, DATABASE_URL: appUrl });
    expect(fromEnv.code).toBe(0);
    expect(fromEnv.checks['app-role'].message).toContain(`"${APP}" appends only`);
    // Without a public key the chain is a warning that names the stored checkpoints, not a failure.
    expect(fromEnv.checks.chain).toMatchObject({ status: 'warn', message: expect.stringContaining('1 signed checkpoints stored, signatures not checked') });
  });

  it('prints one line per check, ✓ on a terminal and OK/SKIP/WARN in plain text', async () => {
    const lines: string[] = [];
    const env = { DATA_DIR: join(keyDir, 'no-data-dir'), DATABASE_URL: appUrl };
    expect(await doctorCommand(['--database-url', ownerUrl], env, { out: (line) => lines.push(line), tty: true })).toBe(0);
    expect(lines.map((line) => line.split(' ')[0])).toEqual(['✓', '✓', '✓', '!', '✓', '✓', '-']);
    lines.length = 0;
    await doctorCommand(['--database-url', ownerUrl], env, { out: (line) => lines.push(line), tty: false });
    expect(lines.map((line) => line.slice(0, 5))).toEqual(['OK   ', 'OK   ', 'OK   ', 'WARN ', 'OK   ', 'OK   ', 'SKIP ']);
  });

  it('exits 1 when the service role owns the events table (one URL for migrations and the service)', async () => {
    const { code, checks } = await doctor([], { DATABASE_URL: ownerUrl });
    expect(code).toBe(1);
    expect(checks['app-role']).toMatchObject({ status: 'fail', message: expect.stringContaining(`"${OWNER}" owns the events table`) });
    const connected = await doctor(['--database-url', ownerUrl, '--app-role-url', ownerUrl]);
    expect(connected.code).toBe(1);
    expect(connected.checks['app-role'].message).toContain('owns the events table');
  });

  it('exits 1 when the service role is a superuser', async () => {
    const superuserUrl = withDatabase(serverUrl, DATABASE);
    const { code, checks } = await doctor(['--database-url', ownerUrl, '--app-role-url', superuserUrl]);
    expect(code).toBe(1);
    expect(checks['app-role']).toMatchObject({ status: 'fail', message: expect.stringContaining('is a superuser') });
  });

  it('checks the migrations when only the app role connects (it may read schema_migrations, not change it)', async () => {
    const { code, checks } = await doctor(['--database-url', appUrl]);
    expect(code).toBe(0);
    expect(checks.migrations.status).toBe('ok');
  });

  it('exits 1 with a failure line when the app role URL does not log in, and still runs the other checks', async () => {
    const wrong = new URL(appUrl);
    wrong.username = `missing_${suffix}`;
    const { code, checks } = await doctor(['--database-url', ownerUrl, '--app-role-url', wrong.toString()]);
    expect(code).toBe(1);
    expect(checks['app-role']).toMatchObject({ status: 'fail', message: expect.stringContaining('could not check') });
    expect(checks.chain.status).toBe('warn');
    expect(checks.clock.status).toBe('ok');
  });

  it('exits 1 with the database unreachable, naming it, and still reports the local checks', async () => {
    const nowhere = new URL(ownerUrl);
    nowhere.port = '1';
    const { code, checks } = await doctor(['--database-url', nowhere.toString()]);
    expect(code).toBe(1);
    expect(checks.database.status).toBe('fail');
    expect(checks.disk.status).toBe('skip');
  });

  it('exits 1 when a read model is held more than --max-lag events behind the head', async () => {
    // Events appended while no service runs: every read model is behind by them.
    const store = new PostgresEventStore({ connectionString: appUrl });
    try {
      for (const i of [1, 2]) {
        await store.append(`doctor-probe-${suffix}`, [{ type: 'DoctorProbe', data: { i } }], {
          expectedVersion: 'any',
          metadata: { actorId: 'a', actorRole: 'national-admin', organisationCode: 'MHLW', commandId: `doctor-${suffix}-${i}` },
        });
      }
    } finally {
      await store.close();
    }
    const held = await doctor(['--database-url', ownerUrl, '--app-role-url', appUrl, '--max-lag', '1']);
    expect(held.code).toBe(1);
    expect(held.checks.projections).toMatchObject({ status: 'fail', message: expect.stringContaining('stream_catalog 2 behind') });
    // Within the allowed lag and freshly appended: catching up, not a failure.
    const fresh = await doctor(['--database-url', ownerUrl, '--app-role-url', appUrl, '--max-lag', '10']);
    expect(fresh.checks.projections).toMatchObject({ status: 'ok', message: expect.stringContaining('catching up') });
  });

  it('exits 1 when a migration in code is not recorded as applied', async () => {
    await sql(ownerUrl, `DELETE FROM schema_migrations WHERE name = 'AddDeadlineChanges1764400000000'`);
    const { code, checks } = await doctor(['--database-url', ownerUrl, '--app-role-url', appUrl]);
    expect(code).toBe(1);
    expect(checks.migrations).toMatchObject({ status: 'fail', message: expect.stringContaining('AddDeadlineChanges1764400000000') });
  });
});
