import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestDatabase, TestDatabase } from '@grants/testing';
import { createApp } from '../apps/api/src/app.factory';
import { loadConfig } from '../apps/api/src/config/app-config';
import { scopedCommandId } from '../apps/api/src/commands/command-context';
import { TEST_ENV } from './support/test-app';
import { bearer, craftToken, TEST_TOKEN_CONFIG, tokenFor, validClaims } from './support/tokens';

/**
 * Logs an auditor can use: every authentication failure, refusal and command is one JSON line of the audit
 * log (`"channel":"audit"`) with who, what route, which command and how it ended, and nothing secret or personal. The
 * app's log stream is captured (AppOptions.logDestination) across a small workload.
 */
const FY = 'FY2024';
const kuwana = '242055';
const ISSUER = TEST_TOKEN_CONFIG.JWT_ISSUER;
const adminToken = tokenFor('national-admin', 'MHLW', { sub: 'admin-1' });
const admin = `Bearer ${adminToken}`;
const forged = craftToken({ alg: 'HS256', typ: 'JWT' }, validClaims(), 'not-the-secret-but-long-enough-to-look-real-0123456789');
const REASON = '回答の根拠資料が不足しています（担当者の個人的な所見）';
const NAME = '桑名市テスト名称';
const QUERY_TOKEN = 'a-token-sent-in-the-url-0123456789';
const ADDRESS_LIMIT = 60;
let limitedId = '';

const openYear = {
  fiscalYear: FY,
  pools: { suishinMunicipalYen: '1000', suishinPrefecturalYen: '1000', shienMunicipalYen: '1000', shienPrefecturalYen: '1000' },
  deadlines: {
    submissionsDueAt: new Date(Date.now() + 3_600_000).toISOString(),
    prefectureSubmissionsDueAt: new Date(Date.now() + 3_600_001).toISOString(),
    reviewDueAt: new Date(Date.now() + 3_600_002).toISOString(),
  },
  allocationRuleVersion: 'municipal-score-x-insured-v1',
};

interface Line {
  readonly channel?: string;
  readonly [field: string]: unknown;
}

let db: TestDatabase;
let app: INestApplication;
const written: string[] = [];
const lines = (): Line[] => written.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Line);
const auditOf = (requestId: string): Line[] => lines().filter((line) => line.channel === 'audit' && line.requestId === requestId);
const http = () => request(app.getHttpServer());

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createApp({
    databaseUrl: db.url,
    migrationDatabaseUrl: db.url,
    // A small per-address budget, spent at the end of the workload to see its 429 in the audit log.
    config: loadConfig({ ...TEST_ENV, LOG_LEVEL: 'info', DATABASE_URL: db.url, RATE_LIMIT_PER_IP_PER_MINUTE: String(ADDRESS_LIMIT) }),
    logDestination: { write: (chunk: string) => written.push(chunk) },
  });
  await app.init();

  await http().post('/fiscal-years').set('Authorization', `Bearer ${forged}`).set('X-Request-Id', 'audit-401').send(openYear).expect(401);
  await http().post('/fiscal-years').set('Authorization', bearer('insurer', kuwana)).set('X-Request-Id', 'audit-403').send(openYear).expect(403);
  await http()
    .post('/fiscal-years')
    .set('Authorization', admin)
    .set('X-Request-Id', 'audit-400')
    .send({ ...openYear, allocationRuleVersion: { note: REASON } })
    .expect(400);
  await http().post('/fiscal-years').set('Authorization', admin).set('X-Request-Id', 'audit-201').set('Idempotency-Key', 'open-fy2024-first').send(openYear).expect(201);
  const replay = await http()
    .post('/fiscal-years')
    .set('Authorization', admin)
    .set('X-Request-Id', 'audit-replay')
    .set('Idempotency-Key', 'open-fy2024-first')
    .send(openYear)
    .expect(201);
  expect(replay.body.idempotentReplay).toBe(true);
  await http().post('/fiscal-years').set('Authorization', admin).set('X-Request-Id', 'audit-409').set('Idempotency-Key', 'open-fy2024-again').send(openYear).expect(409);
  await http()
    .put(`/fiscal-years/${FY}/insurers`)
    .set('Authorization', admin)
    .set('X-Request-Id', 'audit-register')
    .send({ insurers: [{ code: kuwana, name: NAME, category1InsuredPersons: 38000 }] })
    .expect(200);
  // A refused command that carries a reason: a draft cannot be returned.
  const returned = await http()
    .post(`/fiscal-years/${FY}/submissions/${kuwana}/return`)
    .set('Authorization', bearer('prefecture', '24', 'mie-tanaka'))
    .set('X-Request-Id', 'audit-return')
    .send({ reason: REASON });
  expect(returned.status).toBeGreaterThanOrEqual(400);
  expect(returned.status).toBeLessThan(500);

  // Signed on demand: a command of its own (a row of audit_checkpoints, not an event).
  await http().post('/audit/checkpoints').set('Authorization', admin).set('X-Request-Id', 'audit-checkpoint').expect(201);
  // Refused before routing: a token in the URL, a body over the size limit, a body past the JSON limits.
  await http().get(`/auth/me?access_token=${QUERY_TOKEN}`).set('X-Request-Id', 'audit-token-in-query').expect(400);
  await http()
    .post('/fiscal-years')
    .set('Authorization', admin)
    .set('X-Request-Id', 'audit-413')
    .set('Content-Type', 'application/json')
    .send(JSON.stringify({ note: REASON.repeat(40_000) }))
    .expect(413);
  await http()
    .post('/fiscal-years')
    .set('Authorization', admin)
    .set('X-Request-Id', 'audit-too-deep')
    .set('Content-Type', 'application/json')
    .send(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`)
    .expect(400);
  // Last: the address's budget spent; the first 429 is the one looked for.
  for (let i = 0; i <= ADDRESS_LIMIT && !limitedId; i += 1) {
    const id = `audit-address-${i}`;
    const response = await http().get('/fiscal-years').set('Authorization', admin).set('X-Request-Id', id);
    if (response.status === 429) limitedId = id;
  }
});

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('the audit log', () => {
  const admin1 = { actor: { sub: 'admin-1', issuer: ISSUER }, role: 'national-admin', organisation: 'MHLW' };

  it('writes an authentication failure as one line without an actor', () => {
    expect(auditOf('audit-401')).toEqual([
      expect.objectContaining({ event: 'authentication', outcome: 'unauthenticated', status: 401, method: 'POST', route: '/fiscal-years', actor: null, role: null, organisation: null }),
    ]);
  });

  it('writes a refusal by role as one line naming the actor at its issuer, role and organisation', () => {
    expect(auditOf('audit-403')).toEqual([
      expect.objectContaining({
        event: 'refusal',
        outcome: 'forbidden',
        status: 403,
        code: 'AUTH.ROLE_NOT_ALLOWED',
        method: 'POST',
        route: '/fiscal-years',
        actor: { sub: `insurer-${kuwana}`, issuer: ISSUER },
        role: 'insurer',
        organisation: kuwana,
      }),
    ]);
  });

  it('writes a refused body as one refusal line with its stable code, no command', () => {
    const [line, ...more] = auditOf('audit-400');
    expect(more).toEqual([]);
    expect(line).toMatchObject({ event: 'refusal', outcome: 'refused', status: 400, route: '/fiscal-years', ...admin1 });
    expect(line.code).toMatch(/^VALIDATION\./);
    expect(line).not.toHaveProperty('commandType');
  });

  it('writes an accepted command, its idempotent replay and a conflict, each as one line with the command type and id', () => {
    const commandId = scopedCommandId('MHLW', 'POST /fiscal-years', 'open-fy2024-first');
    const command = { event: 'command', method: 'POST', route: '/fiscal-years', commandType: 'OpenFiscalYear', ...admin1 };
    expect(auditOf('audit-201')).toEqual([expect.objectContaining({ ...command, outcome: 'accepted', status: 201, commandId })]);
    expect(auditOf('audit-replay')).toEqual([expect.objectContaining({ ...command, outcome: 'idempotent_replay', status: 201, commandId })]);
    expect(auditOf('audit-409')).toEqual([
      expect.objectContaining({
        ...command,
        outcome: 'conflict',
        status: 409,
        code: 'FISCAL_YEAR.ALREADY_OPEN',
        commandId: scopedCommandId('MHLW', 'POST /fiscal-years', 'open-fy2024-again'),
      }),
    ]);
  });

  it('writes commands of other routes with the route template, not the URL, and a refused command once', () => {
    expect(auditOf('audit-register')).toEqual([
      expect.objectContaining({ event: 'command', outcome: 'accepted', status: 200, method: 'PUT', route: '/fiscal-years/:fiscalYear/insurers', commandType: 'RegisterInsurers' }),
    ]);
    const [line, ...more] = auditOf('audit-return');
    expect(more).toEqual([]);
    expect(line).toMatchObject({
      event: 'command',
      commandType: 'ReturnSubmission',
      route: '/fiscal-years/:fiscalYear/submissions/:insurerCode/return',
      actor: { sub: 'mie-tanaka', issuer: ISSUER },
      role: 'prefecture',
      organisation: '24',
    });
    expect(['conflict', 'refused']).toContain(line.outcome);
  });

  it('writes a checkpoint signed on demand as a command line', () => {
    expect(auditOf('audit-checkpoint')).toEqual([
      expect.objectContaining({ event: 'command', outcome: 'accepted', status: 201, method: 'POST', route: '/audit/checkpoints', commandType: 'SignCheckpoint', ...admin1 }),
    ]);
  });

  it('writes each refusal before routing as one line with its code and the request id, without the token or the body', () => {
    const before = { event: 'refusal', outcome: 'refused', route: null, actor: null, role: null, organisation: null };
    expect(auditOf('audit-token-in-query')).toEqual([expect.objectContaining({ ...before, status: 400, code: 'AUTH.TOKEN_IN_QUERY', method: 'GET' })]);
    expect(auditOf('audit-413')).toEqual([expect.objectContaining({ ...before, status: 413, method: 'POST' })]);
    expect(auditOf('audit-too-deep')).toEqual([expect.objectContaining({ ...before, status: 400, code: 'VALIDATION.TOO_DEEP', method: 'POST' })]);
    expect(limitedId).not.toBe('');
    expect(auditOf(limitedId)).toEqual([expect.objectContaining({ ...before, status: 429, code: 'RATE_LIMITED', method: 'GET' })]);
    expect(written.join('')).not.toContain(QUERY_TOKEN);
  });

  it('carries only the fields an auditor needs on every line', () => {
    const allowed = ['level', 'time', 'service', 'channel', 'msg', 'event', 'outcome', 'status', 'code', 'method', 'route', 'requestId', 'actor', 'role', 'organisation', 'commandType', 'commandId'];
    const audit = lines().filter((line) => line.channel === 'audit');
    expect(audit.length).toBeGreaterThanOrEqual(8);
    for (const line of audit) expect(Object.keys(line).filter((key) => !allowed.includes(key))).toEqual([]);
  });

  it('never writes a token, a secret, a reason or a name in any log line', () => {
    const all = written.join('');
    for (const secret of [forged, adminToken, forged.split('.')[2], TEST_TOKEN_CONFIG.JWT_SECRET as string, REASON, NAME]) expect(all).not.toContain(secret);
  });
});
