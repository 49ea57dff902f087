import { setTimeout as sleep } from 'node:timers/promises';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { EventStore } from '@grants/event-store';
import { startTestApp, TestApp } from './support/test-app';
import { bearer } from './support/tokens';

/**
 * Every write route, four ways: a caller out of scope → 403; the wrong phase → 409; a malformed body → 400 naming
 * the field; a stale If-Match → 412. After each refusal the store's head has not moved: nothing was appended.
 */
const OPEN = 'FY2024'; // stays open
const CLOSED = 'FY2023'; // moved to submissions_closed
const admin = bearer('national-admin', 'MHLW');
const reviewer = bearer('national-reviewer', 'MHLW');
const kuwana = '242055';
const sapporo = '011002';
const yes = { answerType: 'yes_no', yes: true };

interface Route {
  readonly name: string;
  readonly method: 'post' | 'put';
  readonly path: (fy: string) => string;
  readonly body: object | ((fy: string) => object);
  readonly token: string;
  readonly outOfScope: string;
  readonly wrongPhase: { fy: string; code: string };
  readonly malformed: { body: object; field: string; path?: (fy: string) => string };
  /** 412 needs a scored year, which this suite does not build. */
  readonly staleVersionNeedsScores?: boolean;
}

const openBody = (fiscalYear: string, dueInMs: number) => ({
  fiscalYear,
  pools: { suishinMunicipalYen: '1000', suishinPrefecturalYen: '1000', shienMunicipalYen: '1000', shienPrefecturalYen: '1000' },
  deadlines: {
    submissionsDueAt: new Date(Date.now() + dueInMs).toISOString(),
    prefectureSubmissionsDueAt: new Date(Date.now() + dueInMs + 1).toISOString(),
    reviewDueAt: new Date(Date.now() + dueInMs + 2).toISOString(),
  },
  allocationRuleVersion: 'municipal-score-x-insured-v1',
});

const routes: Route[] = [
  {
    name: 'open a fiscal year',
    method: 'post',
    path: () => '/fiscal-years',
    body: (fy) => openBody(fy, 3_600_000),
    token: admin,
    outOfScope: bearer('prefecture', '24'),
    wrongPhase: { fy: OPEN, code: 'FISCAL_YEAR.ALREADY_OPEN' },
    malformed: { body: { ...openBody('FY2030', 3_600_000), unitYen: '-1000' }, field: 'unitYen' },
  },
  {
    name: 'advance the phase',
    method: 'post',
    path: (fy) => `/fiscal-years/${fy}/phase`,
    body: { to: 'review_completed' },
    token: admin,
    outOfScope: reviewer,
    wrongPhase: { fy: OPEN, code: 'FISCAL_YEAR.PHASE_ORDER' },
    malformed: { body: { to: 'review_completed', force: true }, field: 'force' },
  },
  {
    name: 'register insurers',
    method: 'put',
    path: (fy) => `/fiscal-years/${fy}/insurers`,
    body: { insurers: [{ code: '130001', name: '東京都', category1InsuredPersons: 1 }] },
    token: admin,
    outOfScope: bearer('prefecture', '13'),
    wrongPhase: { fy: CLOSED, code: 'REGISTER.CLOSED' },
    malformed: { body: { insurers: [{ code: '242055', name: '桑名市', category1InsuredPersons: -5 }] }, field: 'insurers.0.category1InsuredPersons' },
  },
  {
    name: 'save answers',
    method: 'put',
    path: (fy) => `/fiscal-years/${fy}/submissions/${kuwana}/answers`,
    body: { answers: { 'suishin-I-i-1': yes } },
    token: bearer('insurer', kuwana),
    outOfScope: bearer('insurer', sapporo),
    wrongPhase: { fy: CLOSED, code: 'SUBMISSION.CLOSED' },
    malformed: { body: { answers: { 'suishin-I-i-1': { answerType: 'yes_no' } } }, field: 'answers.suishin-I-i-1' },
  },
  {
    name: 'submit',
    method: 'post',
    path: (fy) => `/fiscal-years/${fy}/submissions/${sapporo}/submit`,
    body: {},
    token: bearer('prefecture', '01'),
    outOfScope: bearer('prefecture', '24'),
    wrongPhase: { fy: CLOSED, code: 'SUBMISSION.CLOSED' },
    malformed: { body: {}, field: 'insurerCode', path: (fy) => `/fiscal-years/${fy}/submissions/12345x/submit` },
  },
  {
    name: 'send back (差戻し)',
    method: 'post',
    path: (fy) => `/fiscal-years/${fy}/submissions/${kuwana}/return`,
    body: { reason: '根拠資料不足' },
    token: bearer('prefecture', '24'),
    outOfScope: bearer('prefecture', '01'),
    wrongPhase: { fy: CLOSED, code: 'SUBMISSION.CLOSED' },
    malformed: { body: { reason: '' }, field: 'reason' },
  },
  {
    name: 'review an answer',
    method: 'post',
    path: (fy) => `/fiscal-years/${fy}/submissions/${kuwana}/reviews`,
    body: { indicatorId: 'suishin-I-i-1', decision: 'accepted' },
    token: reviewer,
    outOfScope: bearer('prefecture', '24'),
    wrongPhase: { fy: OPEN, code: 'REVIEW.NOT_OPEN' },
    malformed: { body: { indicatorId: 'suishin-I-i-1', decision: 'maybe' }, field: 'decision' },
  },
  {
    name: 'save prefecture answers',
    method: 'put',
    path: (fy) => `/fiscal-years/${fy}/prefectures/24/answers`,
    body: { answers: { 'suishin-I-1': yes } },
    token: bearer('prefecture', '24'),
    outOfScope: bearer('prefecture', '13'),
    wrongPhase: { fy: CLOSED, code: 'SUBMISSION.CLOSED' },
    malformed: { body: { answers: [] }, field: 'answers' },
  },
  {
    name: 'set requested amounts',
    method: 'put',
    path: (fy) => `/fiscal-years/${fy}/prefectures/24/requested-amounts`,
    body: { suishinYen: '21000000', shienYen: '20000000' },
    token: bearer('prefecture', '24'),
    outOfScope: bearer('insurer', kuwana),
    wrongPhase: { fy: CLOSED, code: 'SUBMISSION.CLOSED' },
    malformed: { body: { suishinYen: '1e9', shienYen: '20000000' }, field: 'suishinYen' },
  },
  {
    name: 'submit a prefecture',
    method: 'post',
    path: (fy) => `/fiscal-years/${fy}/prefectures/01/submit`,
    body: {},
    token: bearer('prefecture', '01'),
    outOfScope: bearer('prefecture', '02'),
    wrongPhase: { fy: CLOSED, code: 'SUBMISSION.CLOSED' },
    malformed: { body: {}, field: 'prefectureCode', path: (fy) => `/fiscal-years/${fy}/prefectures/48/submit` },
  },
  {
    name: 'review a prefecture answer',
    method: 'post',
    path: (fy) => `/fiscal-years/${fy}/prefectures/24/reviews`,
    body: { indicatorId: 'pref-suishin-I-1', decision: 'accepted' },
    token: reviewer,
    outOfScope: bearer('prefecture', '24'),
    wrongPhase: { fy: OPEN, code: 'REVIEW.NOT_OPEN' },
    malformed: { body: { indicatorId: 'pref-suishin-I-1', decision: 'accepted', reason: 42 }, field: 'reason' },
  },
  {
    name: 'run a trial calculation',
    method: 'post',
    path: (fy) => `/fiscal-years/${fy}/calculations/trials`,
    body: {},
    token: admin,
    outOfScope: bearer('prefecture', '24'),
    wrongPhase: { fy: OPEN, code: 'CALCULATION.NOT_SCORED' },
    malformed: { body: {}, field: 'fiscalYear', path: () => '/fiscal-years/R6/calculations/trials' },
    staleVersionNeedsScores: true,
  },
  {
    name: 'ask to finalize',
    method: 'post',
    path: (fy) => `/fiscal-years/${fy}/calculations/finalization-request`,
    body: { trialNumber: 1 },
    token: admin,
    outOfScope: reviewer,
    wrongPhase: { fy: OPEN, code: 'CALCULATION.NO_TRIAL' },
    malformed: { body: { trialNumber: 'latest' }, field: 'trialNumber' },
  },
  {
    name: 'ask for a score correction',
    method: 'post',
    path: (fy) => `/fiscal-years/${fy}/calculations/score-corrections`,
    body: { level: 'municipal', code: kuwana, grant: 'suishin', score: 100, reason: '監査で不備が判明' },
    token: admin,
    outOfScope: reviewer,
    wrongPhase: { fy: OPEN, code: 'CALCULATION.NOT_FINALIZED' },
    malformed: { body: { level: 'municipal', code: kuwana, grant: 'suishin', score: 'high', reason: '監査で不備が判明' }, field: 'score' },
  },
  {
    name: 'approve a score correction',
    method: 'post',
    path: (fy) => `/fiscal-years/${fy}/calculations/score-corrections/1/approval`,
    body: {},
    token: admin,
    outOfScope: reviewer,
    wrongPhase: { fy: OPEN, code: 'CALCULATION.NOT_FINALIZED' },
    malformed: { body: {}, field: 'fiscalYear', path: () => '/fiscal-years/R6/calculations/score-corrections/1/approval' },
  },
  {
    name: 'record national figures',
    method: 'put',
    path: (fy) => `/fiscal-years/${fy}/national-figures/suishin-I-ii-1`,
    body: { figures: [{ code: kuwana, value: 0.5 }] },
    token: reviewer,
    outOfScope: bearer('insurer', kuwana),
    wrongPhase: { fy: OPEN, code: 'REVIEW.NOT_OPEN' },
    malformed: { body: { figures: [{ code: kuwana, value: 'high' }] }, field: 'figures.0.value' },
  },
];

describe('every write route refuses bad requests and stores nothing', () => {
  let testApp: TestApp;
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  const head = () => app.get(EventStore).headPosition();
  const send = (route: Route, fy: string, token: string, body?: object, path = route.path(fy)) =>
    http()[route.method](path)
      .set('Authorization', token)
      .send(body ?? (typeof route.body === 'function' ? route.body(fy) : route.body));

  beforeAll(async () => {
    testApp = await startTestApp();
    app = testApp.app;
    await http().post('/fiscal-years').set('Authorization', admin).send(openBody(OPEN, 3_600_000)).expect(201);
    await http().post('/fiscal-years').set('Authorization', admin).send(openBody(CLOSED, 700)).expect(201);
    const insurers = { insurers: [{ code: kuwana, name: '桑名市', category1InsuredPersons: 37000 }, { code: sapporo, name: '札幌市', category1InsuredPersons: 500000 }] };
    await http().put(`/fiscal-years/${OPEN}/insurers`).set('Authorization', admin).send(insurers).expect(200);
    await http().put(`/fiscal-years/${CLOSED}/insurers`).set('Authorization', admin).send(insurers).expect(200);
    await sleep(800);
    await http().post(`/fiscal-years/${CLOSED}/phase`).set('Authorization', admin).send({ to: 'submissions_closed' }).expect(200);
  });
  afterAll(async () => testApp?.close());

  describe.each(routes.map((r) => [r.name, r] as const))('%s', (_name, route) => {
    it('answers a caller out of scope with 403', async () => {
      const before = await head();
      const response = await send(route, OPEN, route.outOfScope).expect(403);
      expect(response.body.code).toMatch(/^AUTH\./);
      expect(await head()).toBe(before);
    });

    it('answers an auditor with 403: auditors read everything and write nothing', async () => {
      const before = await head();
      expect((await send(route, OPEN, bearer('auditor', 'MHLW')).expect(403)).body.code).toBe('AUTH.AUDITOR_READ_ONLY');
      expect(await head()).toBe(before);
    });

    it('answers the wrong phase with 409 and its code', async () => {
      const before = await head();
      const response = await send(route, route.wrongPhase.fy, route.token).expect(409);
      expect(response.body.code).toBe(route.wrongPhase.code);
      expect(await head()).toBe(before);
    });

    it('answers a malformed request with 400 naming the field', async () => {
      const before = await head();
      const response = await send(route, OPEN, route.token, route.malformed.body, route.malformed.path?.(OPEN)).expect(400);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(route.malformed.field);
      expect(await head()).toBe(before);
    });

    // A trial needs a scored year for its version check; the fiscal-year walk covers its 412.
    (route.staleVersionNeedsScores ? it.skip : it)('answers a stale If-Match with 412', async () => {
      const before = await head();
      const response = await send(route, OPEN, route.token).set('If-Match', '"9999"').expect(412);
      expect(response.body.code).toBe('EVENT_STORE.WRONG_EXPECTED_VERSION');
      expect(await head()).toBe(before);
    });
  });

  it('lets auditors call no write route at all: every non-GET route in the OpenAPI document answers 403', async () => {
    const document = (await http().get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const params: Record<string, string> = { fiscalYear: OPEN, insurerCode: kuwana, prefectureCode: '24', indicatorId: 'suishin-I-ii-1', code: kuwana, level: 'municipal' };
    // Sign-in and sign-out record nothing: development sign-in (a token or a session) answers 404 outside development
    // and tests, and signing out a browser's session needs no role.
    const SIGN_IN = ['/auth/dev-token', '/auth/dev-session', '/auth/logout'];
    const writes = Object.entries(document.paths)
      .filter(([path]) => !SIGN_IN.includes(path))
      .flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((method) => ['post', 'put', 'patch', 'delete'].includes(method))
        .map((method) => ({ method: method as 'post' | 'put' | 'patch' | 'delete', path: path.replace(/\{(\w+)\}/g, (_m, name: string) => params[name] ?? 'x') })),
    );
    expect(writes.length).toBeGreaterThanOrEqual(routes.length);
    const before = await head();
    for (const { method, path } of writes) {
      const response = await http()[method](path).set('Authorization', bearer('auditor', 'MHLW')).send({});
      expect([path, response.status, response.body.code]).toEqual([path, 403, 'AUTH.AUDITOR_READ_ONLY']);
    }
    expect(await head()).toBe(before);
  });
});
