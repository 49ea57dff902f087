import { setTimeout as sleep } from 'node:timers/promises';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { EventStore } from '@grants/event-store';
import { startTestApp, TestApp } from './support/test-app';
import { bearer } from './support/tokens';

const admin = bearer('national-admin', 'MHLW', 'admin-1');

function openBody(fiscalYear: string, submissionsInMs = 60 * 60 * 1000) {
  const at = (ms: number) => new Date(Date.now() + ms).toISOString();
  return {
    fiscalYear,
    pools: { suishinMunicipalYen: '19000000000', suishinPrefecturalYen: '1000000000', shienMunicipalYen: '19000000000', shienPrefecturalYen: '1000000000' },
    deadlines: { submissionsDueAt: at(submissionsInMs), prefectureSubmissionsDueAt: at(submissionsInMs + 1000), reviewDueAt: at(submissionsInMs + 2000) },
    allocationRuleVersion: 'municipal-score-x-insured-v1',
  };
}

describe('fiscal year over HTTP', () => {
  let testApp: TestApp;
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  const eventsOf = (fiscalYear: string) => app.get(EventStore).readStream(`fiscal_year-${fiscalYear}`);

  beforeAll(async () => {
    testApp = await startTestApp();
    app = testApp.app;
  });
  afterAll(async () => testApp?.close());

  describe('opening', () => {
    it('opens a fiscal year with the shipped frameworks and answers with its version as ETag', async () => {
      const response = await http().post('/fiscal-years').set('Authorization', admin).send(openBody('FY2024')).expect(201);
      expect(response.headers.etag).toBe('"0"');
      expect(response.body).toEqual({ fiscalYear: 'FY2024', version: '0', events: ['FiscalYearOpened'], idempotentReplay: false });
      const year = await http().get('/fiscal-years/FY2024').set('Authorization', bearer('insurer', '242055')).expect(200);
      expect(year.body).toMatchObject({ fiscalYear: 'FY2024', phase: 'open', unitYen: '1000', version: '0' });
      expect(year.body.frameworkHashes.municipal).toMatch(/^[0-9a-f]{64}$/);
      const [event] = await eventsOf('FY2024');
      expect(event.metadata).toMatchObject({ actorId: 'admin-1', actorRole: 'national-admin', organisationCode: 'MHLW' });
    });

    it('replays a retry with the same Idempotency-Key and stores nothing twice', async () => {
      const body = openBody('FY2025');
      const first = await http().post('/fiscal-years').set('Authorization', admin).set('Idempotency-Key', 'open-fy2025-0001').send(body).expect(201);
      const retry = await http().post('/fiscal-years').set('Authorization', admin).set('Idempotency-Key', 'open-fy2025-0001').send(body).expect(201);
      expect(retry.body).toEqual({ ...first.body, idempotentReplay: true });
      expect(await eventsOf('FY2025')).toHaveLength(1);
      const reused = await http().post('/fiscal-years').set('Authorization', admin).set('Idempotency-Key', 'open-fy2025-0001').send({ ...body, allocationRuleVersion: 'v2' }).expect(409);
      expect(reused.body.code).toBe('EVENT_STORE.COMMAND_ID_REUSED');
    });

    it('refuses to open the same year twice with 409 and stores nothing', async () => {
      const response = await http().post('/fiscal-years').set('Authorization', admin).send(openBody('FY2024')).expect(409);
      expect(response.body).toMatchObject({ statusCode: 409, code: 'FISCAL_YEAR.ALREADY_OPEN' });
      expect(await eventsOf('FY2024')).toHaveLength(1);
    });

    it.each([
      ['a national reviewer', bearer('national-reviewer', 'MHLW'), 'AUTH.ROLE_NOT_ALLOWED'],
      ['a prefecture', bearer('prefecture', '24'), 'AUTH.ROLE_NOT_ALLOWED'],
      ['an insurer', bearer('insurer', '242055'), 'AUTH.ROLE_NOT_ALLOWED'],
      ['an auditor', bearer('auditor', 'MHLW'), 'AUTH.AUDITOR_READ_ONLY'],
    ])('answers %s with 403 and appends nothing', async (_who, token, code) => {
      const response = await http().post('/fiscal-years').set('Authorization', token).send(openBody('FY2026')).expect(403);
      expect(response.body.code).toBe(code);
      expect(await eventsOf('FY2026')).toEqual([]);
    });

    it('asks for a token with 401', async () => {
      await http().post('/fiscal-years').send(openBody('FY2026')).expect(401);
    });

    it.each<[string, (body: ReturnType<typeof openBody>) => object, string]>([
      ['a negative pool', (b) => ({ ...b, pools: { ...b.pools, shienMunicipalYen: '-1' } }), 'pools.shienMunicipalYen'],
      ['a fractional pool', (b) => ({ ...b, pools: { ...b.pools, suishinMunicipalYen: '1.5' } }), 'pools.suishinMunicipalYen'],
      ['a pool as a number', (b) => ({ ...b, pools: { ...b.pools, suishinPrefecturalYen: 1000 } }), 'pools.suishinPrefecturalYen'],
      ['a missing deadline', (b) => ({ ...b, deadlines: { ...b.deadlines, reviewDueAt: undefined } }), 'deadlines.reviewDueAt'],
      ['an unknown field (mass assignment)', (b) => ({ ...b, phase: 'finalized' }), 'phase'],
      ['a bad fiscal year label', (b) => ({ ...b, fiscalYear: 'R6' }), 'fiscalYear'],
      ['an unknown shipped framework', (b) => ({ ...b, municipalFrameworkId: 'fy1999' }), 'municipalFrameworkId'],
      ['deadlines out of order', (b) => ({ ...b, deadlines: { ...b.deadlines, reviewDueAt: '2020-01-01T00:00:00.000Z' } }), 'deadlines'],
    ])('rejects %s with 400 naming the field, appending nothing', async (_label, change, field) => {
      const response = await http().post('/fiscal-years').set('Authorization', admin).send(change(openBody('FY2027'))).expect(400);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await eventsOf('FY2027')).toEqual([]);
    });

    it('names the valid ids when a shipped framework id is unknown', async () => {
      const body = { ...openBody('FY2027'), municipalFrameworkId: 'municipal-FY2099', prefecturalFrameworkId: 'municipal-FY2024' };
      const response = await http().post('/fiscal-years').set('Authorization', admin).send(body).expect(400);
      const messages = Object.fromEntries(response.body.errors.map((e: { field: string; messages: string[] }) => [e.field, e.messages.join(' ')]));
      expect(messages.municipalFrameworkId).toContain('fy2024-municipal, municipal-FY2024, municipal-FY2025, municipal-FY2026');
      expect(messages.prefecturalFrameworkId).toContain('fy2021-prefectural, prefectural-FY2025, prefectural-FY2026');
      expect(await eventsOf('FY2027')).toEqual([]);
    });

    it('lists the shipped frameworks for the opening screen and opens a year with the published v2 ones', async () => {
      const list = await http().get('/frameworks').set('Authorization', bearer('auditor', 'MHLW')).expect(200);
      expect(list.body.map((f: { id: string; level: string; fiscalYear: string }) => [f.id, f.level, f.fiscalYear])).toEqual([
        ['fy2024-municipal', 'municipal', 'FY2024'],
        ['municipal-FY2024', 'municipal', 'FY2024'],
        ['municipal-FY2025', 'municipal', 'FY2025'],
        ['municipal-FY2026', 'municipal', 'FY2026'],
        ['fy2021-prefectural', 'prefectural', 'FY2021'],
        ['prefectural-FY2025', 'prefectural', 'FY2025'],
        ['prefectural-FY2026', 'prefectural', 'FY2026'],
      ]);
      expect(list.body[1].title).toContain('（市町村分）');
      await http().get('/frameworks').set('Authorization', bearer('insurer', '242055')).expect(403);
      const body = { ...openBody('FY2029'), municipalFrameworkId: 'municipal-FY2026', prefecturalFrameworkId: 'prefectural-FY2026' };
      await http().post('/fiscal-years').set('Authorization', admin).send(body).expect(201);
      const framework = await http().get('/fiscal-years/FY2029/frameworks/municipal').set('Authorization', admin).expect(200);
      expect(framework.body).toMatchObject({ frameworkVersion: 2, fiscalYear: 'FY2026', level: 'municipal' });
    });

    it('rejects an invalid framework file with 400 FRAMEWORK.INVALID listing the issues', async () => {
      const response = await http()
        .post('/fiscal-years')
        .set('Authorization', admin)
        .send({ ...openBody('FY2027'), municipalFramework: { frameworkVersion: 1, fiscalYear: 'FY2027', level: 'municipal', grants: [] } })
        .expect(400);
      expect(response.body.code).toBe('FRAMEWORK.INVALID');
      expect(response.body.details.length).toBeGreaterThan(0);
      expect(await eventsOf('FY2027')).toEqual([]);
    });
  });

  describe('phases', () => {
    it('refuses to skip a phase with 409 FISCAL_YEAR.PHASE_ORDER', async () => {
      const response = await http().post('/fiscal-years/FY2024/phase').set('Authorization', admin).send({ to: 'scored' }).expect(409);
      expect(response.body).toMatchObject({ code: 'FISCAL_YEAR.PHASE_ORDER', details: { phase: 'open', next: 'submissions_closed' } });
    });

    it('refuses to close submissions before the deadline, saying what is missing', async () => {
      const readiness = await http().get('/fiscal-years/FY2024/readiness').set('Authorization', admin).expect(200);
      expect(readiness.body).toMatchObject({ phase: 'open', next: 'submissions_closed', missing: [{ code: 'DEADLINE.SUBMISSIONS_NOT_REACHED' }] });
      const response = await http().post('/fiscal-years/FY2024/phase').set('Authorization', admin).send({ to: 'submissions_closed' }).expect(409);
      expect(response.body.code).toBe('FISCAL_YEAR.NOT_READY');
      expect(response.body.details.missing[0].code).toBe('DEADLINE.SUBMISSIONS_NOT_REACHED');
    });

    it('closes submissions after the deadline, and answers a stale If-Match with 412', async () => {
      await http().post('/fiscal-years').set('Authorization', admin).send(openBody('FY2028', 800)).expect(201);
      await sleep(900);
      const closed = await http()
        .post('/fiscal-years/FY2028/phase')
        .set('Authorization', admin)
        .set('If-Match', '"0"')
        .send({ to: 'submissions_closed', reason: '提出期限到来' })
        .expect(200);
      expect(closed.headers.etag).toBe('"1"');
      const stale = await http().post('/fiscal-years/FY2028/phase').set('Authorization', admin).set('If-Match', '"0"').send({ to: 'review_completed' }).expect(412);
      expect(stale.body).toMatchObject({ code: 'EVENT_STORE.WRONG_EXPECTED_VERSION', details: { actualVersion: '1' } });
      const events = await eventsOf('FY2028');
      expect(events.map((e) => e.type)).toEqual(['FiscalYearOpened', 'FiscalYearPhaseAdvanced']);
      expect(events[1].metadata.reason).toBe('提出期限到来');
    });

    it('answers an unknown year with 404 and a malformed one with 400', async () => {
      expect((await http().get('/fiscal-years/FY2099').set('Authorization', admin).expect(404)).body.code).toBe('FISCAL_YEAR.NOT_FOUND');
      expect((await http().get('/fiscal-years/2024').set('Authorization', admin).expect(400)).body.code).toBe('VALIDATION.INVALID_PATH');
      expect((await http().post('/fiscal-years/FY2099/phase').set('Authorization', admin).send({ to: 'submissions_closed' }).expect(404)).body.code).toBe(
        'FISCAL_YEAR.NOT_FOUND',
      );
    });

    it('rejects an unknown phase name with 400 and an auditor with 403', async () => {
      await http().post('/fiscal-years/FY2024/phase').set('Authorization', admin).send({ to: 'done' }).expect(400);
      await http().post('/fiscal-years/FY2024/phase').set('Authorization', bearer('auditor', 'MHLW')).send({ to: 'submissions_closed' }).expect(403);
      await http().get('/fiscal-years/FY2024').set('Authorization', bearer('auditor', 'MHLW')).expect(200);
    });
  });
});
