import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { submissionStreamId } from '@grants/domain';
import { EventStore } from '@grants/event-store';
import { openFiscalYearBody } from './support/fiscal-year';
import { startTestApp, TestApp } from './support/test-app';
import { bearer } from './support/tokens';

/**
 * "Without If-Match, a command that loses a race is decided again on the new state" (README, Commands over HTTP), under
 * contention: 300 saves of one submission at once. Each is accepted and recorded exactly once (or, at worst, refused
 * with 409 COMMAND.CONTENDED storing nothing), never 412; with If-Match a stale version still gets 412.
 */
const FY = 'FY2024';
const kuwana = '242055';
const admin = bearer('national-admin', 'MHLW', 'admin-1');
const SAVES = 300;

describe('concurrent saves of one submission without If-Match', () => {
  let testApp: TestApp;
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  const submissionEvents = () => app.get(EventStore).readStream(submissionStreamId(FY, kuwana), { maxCount: 10_000 });

  beforeAll(async () => {
    // Writes per user and minute well above the burst, so the limiter is not what is measured here.
    testApp = await startTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '10000' });
    app = testApp.app;
    await http().post('/fiscal-years').set('Authorization', admin).send(openFiscalYearBody(FY, new Date(Date.now() + 3_600_000))).expect(201);
    await http()
      .put(`/fiscal-years/${FY}/insurers`)
      .set('Authorization', admin)
      .send({ insurers: [{ code: kuwana, name: '桑名市', category1InsuredPersons: 37000 }] })
      .expect(200);
  });
  afterAll(async () => testApp?.close());

  it('accepts every one of 300 concurrent saves and records each exactly once; none gets 412', async () => {
    const token = bearer('insurer', kuwana);
    const responses = await Promise.all(
      Array.from({ length: SAVES }, (_, i) =>
        http()
          .put(`/fiscal-years/${FY}/submissions/${kuwana}/answers`)
          .set('Authorization', token)
          .set('X-Request-Id', `save-${i}`)
          .send({ answers: { 'suishin-I-i-1': { answerType: 'yes_no', yes: i % 2 === 0 } } }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 412)).toEqual([]);
    expect(statuses.filter((s) => s !== 200 && s !== 409)).toEqual([]);
    for (const refused of responses.filter((r) => r.status === 409)) expect(refused.body.code).toBe('COMMAND.CONTENDED');
    const accepted = responses.map((r, i) => ({ r, i })).filter(({ r }) => r.status === 200);
    // All but a few at most land; the same request lands once, under the request id it was sent with.
    expect(accepted.length).toBeGreaterThanOrEqual(SAVES - 5);
    const events = await submissionEvents();
    const saved = events.filter((e) => e.type === 'AnswersSaved');
    expect(saved).toHaveLength(accepted.length);
    expect(saved.map((e) => e.metadata.correlationId).sort()).toEqual(accepted.map(({ i }) => `save-${i}`).sort());
    // Each accepted save's ETag is the version its own event was appended at.
    const versionOf = new Map(saved.map((e) => [e.metadata.correlationId, e.streamVersion.toString()]));
    for (const { r, i } of accepted) expect(r.headers.etag).toBe(`"${versionOf.get(`save-${i}`)}"`);
  }, 120_000);

  it('still answers a stale If-Match with 412 and stores nothing, one winner per version', async () => {
    const current = await http().get(`/fiscal-years/${FY}/submissions/${kuwana}`).set('Authorization', admin).expect(200);
    const etag = current.headers.etag as string;
    const before = (await submissionEvents()).length;
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        http()
          .put(`/fiscal-years/${FY}/submissions/${kuwana}/answers`)
          .set('Authorization', bearer('insurer', kuwana))
          .set('If-Match', etag)
          .send({ answers: { 'suishin-I-i-1': { answerType: 'yes_no', yes: i % 2 === 0 } } }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(19);
    expect(new Set(responses.filter((r) => r.status === 412).map((r) => r.body.code))).toEqual(new Set(['EVENT_STORE.WRONG_EXPECTED_VERSION']));
    expect(await submissionEvents()).toHaveLength(before + 1);
  }, 60_000);
});
