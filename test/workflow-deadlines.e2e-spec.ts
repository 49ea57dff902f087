import { setTimeout as sleep } from 'node:timers/promises';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { Framework, withCheckDigit } from '@grants/domain';
import { parsePoint } from '../apps/cli/src/log-reader';
import { NATIONAL_POOLS, simpleAnswers } from './support/fiscal-year';
import { startTestApp, TestApp } from './support/test-app';
import { bearer } from './support/tokens';

/**
 * The workflow's dates: the national administrator extends a deadline and closes one early, with reasons in
 * the year's history; a 差戻し after the general deadline reopens that insurer's submission until the prefecture's
 * date, and readiness waits for it while it is returned; an `asOf` time without a UTC offset is refused.
 */
const FY = 'FY2024';
const admin = bearer('national-admin', 'MHLW', 'admin-1');
const mie = bearer('prefecture', '24', 'mie-1');
const auditor = bearer('auditor', 'MHLW', 'auditor-1');
const [late, onTime] = [withCheckDigit('24201'), withCheckDigit('24203')];
const JST = 9 * 60 * 60 * 1000;
/** A time written as offices write it: JST with its +09:00 offset. */
const inJst = (time: Date) => `${new Date(time.getTime() + JST).toISOString().slice(0, 19)}+09:00`;

describe('deadlines and 差戻し reopening over HTTP', () => {
  let testApp: TestApp;
  let app: INestApplication;
  let framework: Framework;
  const http = () => request(app.getHttpServer());
  const openedAt = Date.now();
  const submissionsDueAt = new Date(openedAt + 5000);
  const hour = 60 * 60 * 1000;

  beforeAll(async () => {
    testApp = await startTestApp();
    app = testApp.app;
  });
  afterAll(async () => testApp?.close());

  it('opens a year; two insurers of Mie answer and submit before the deadline', async () => {
    await http()
      .post('/fiscal-years')
      .set('Authorization', admin)
      .send({
        fiscalYear: FY,
        pools: NATIONAL_POOLS,
        deadlines: { submissionsDueAt: submissionsDueAt.toISOString(), prefectureSubmissionsDueAt: new Date(openedAt + hour).toISOString(), reviewDueAt: new Date(openedAt + 2 * hour).toISOString() },
        allocationRuleVersion: 'municipal-score-x-insured-v1',
      })
      .expect(201);
    const insurers = [late, onTime].map((code, i) => ({ code, name: `テスト市${i + 1}`, category1InsuredPersons: 10_000 * (i + 1) }));
    await http().put(`/fiscal-years/${FY}/insurers`).set('Authorization', admin).send({ insurers }).expect(200);
    framework = (await http().get(`/fiscal-years/${FY}/frameworks/municipal`).set('Authorization', admin).expect(200)).body;
    for (const code of [late, onTime]) {
      const token = bearer('insurer', code);
      await http().put(`/fiscal-years/${FY}/submissions/${code}/answers`).set('Authorization', token).send({ answers: simpleAnswers(framework) }).expect(200);
      await http().post(`/fiscal-years/${FY}/submissions/${code}/submit`).set('Authorization', token).expect(200);
    }
  });

  it('extends the review deadline and closes the prefectures’ early, each with its reason in the year’s history', async () => {
    const before = await http().get(`/fiscal-years/${FY}`).set('Authorization', admin).expect(200);
    const reviewDueAt = new Date(Math.floor((openedAt + 3 * hour) / 1000) * 1000); // whole seconds, as written in JST
    const extended = await http()
      .post(`/fiscal-years/${FY}/deadlines`)
      .set('Authorization', admin)
      .set('If-Match', before.headers.etag)
      .set('Idempotency-Key', 'extend-review-0001')
      .send({ deadline: 'reviewDueAt', dueAt: inJst(reviewDueAt), reason: '審査体制の都合により 1 時間延長' })
      .expect(200);
    expect(extended.body).toEqual({ fiscalYear: FY, deadline: 'reviewDueAt', version: '1', events: ['DeadlineChanged'], idempotentReplay: false });
    expect(extended.headers.etag).toBe('"1"');
    const retry = await http()
      .post(`/fiscal-years/${FY}/deadlines`)
      .set('Authorization', admin)
      .set('Idempotency-Key', 'extend-review-0001')
      .send({ deadline: 'reviewDueAt', dueAt: inJst(reviewDueAt), reason: '審査体制の都合により 1 時間延長' })
      .expect(200);
    expect(retry.body).toEqual({ ...extended.body, idempotentReplay: true });

    const prefecturesDueAt = new Date(openedAt + hour / 2);
    await http()
      .post(`/fiscal-years/${FY}/deadlines`)
      .set('Authorization', admin)
      .send({ deadline: 'prefectureSubmissionsDueAt', dueAt: prefecturesDueAt.toISOString(), reason: '全都道府県の提出が揃ったため繰上げ' })
      .expect(200);

    const year = await http().get(`/fiscal-years/${FY}`).set('Authorization', bearer('insurer', late)).expect(200);
    expect(year.body.deadlines).toEqual({ submissionsDueAt: submissionsDueAt.toISOString(), prefectureSubmissionsDueAt: prefecturesDueAt.toISOString(), reviewDueAt: reviewDueAt.toISOString() });
    expect(year.body.deadlineChanges).toEqual([
      { deadline: 'reviewDueAt', from: new Date(openedAt + 2 * hour).toISOString(), to: reviewDueAt.toISOString(), kind: 'extended', reason: '審査体制の都合により 1 時間延長', changedAt: expect.any(String) },
      { deadline: 'prefectureSubmissionsDueAt', from: new Date(openedAt + hour).toISOString(), to: prefecturesDueAt.toISOString(), kind: 'closed_early', reason: '全都道府県の提出が揃ったため繰上げ', changedAt: expect.any(String) },
    ]);
    expect(year.body.version).toBe('2');
  });

  it('refuses a deadline change out of order, without an offset or a reason, from anyone but the administrator, or on a stale version', async () => {
    const change = (body: object, token = admin) => http().post(`/fiscal-years/${FY}/deadlines`).set('Authorization', token).send(body);
    const order = await change({ deadline: 'submissionsDueAt', dueAt: new Date(openedAt + hour).toISOString(), reason: '延長' }).expect(409);
    expect(order.body.code).toBe('DEADLINE.ORDER');
    const offset = await change({ deadline: 'submissionsDueAt', dueAt: '2099-03-31T15:00', reason: '延長' }).expect(400);
    expect(offset.body.errors[0].field).toBe('dueAt');
    expect(JSON.stringify(offset.body)).toContain('+09:00');
    const noReason = await change({ deadline: 'submissionsDueAt', dueAt: new Date(openedAt + 6000).toISOString() }).expect(400);
    expect(noReason.body.errors[0].field).toBe('reason');
    const unknown = await change({ deadline: 'lunchDueAt', dueAt: new Date(openedAt + 6000).toISOString(), reason: 'x' }).expect(400);
    expect(unknown.body.errors[0].field).toBe('deadline');
    expect((await change({ deadline: 'reviewDueAt', dueAt: new Date(openedAt + 4 * hour).toISOString(), reason: 'x' }, mie).expect(403)).body.code).toBe('AUTH.ROLE_NOT_ALLOWED');
    await http()
      .post(`/fiscal-years/${FY}/deadlines`)
      .set('Authorization', admin)
      .set('If-Match', '"0"')
      .send({ deadline: 'reviewDueAt', dueAt: new Date(openedAt + 4 * hour).toISOString(), reason: 'x' })
      .expect(412);
    expect((await http().get(`/fiscal-years/${FY}`).set('Authorization', admin).expect(200)).body.deadlineChanges).toHaveLength(2);
  });

  it('after the deadline, a 差戻し reopens that insurer until the prefecture’s date; readiness waits for it until it is resubmitted', async () => {
    await sleep(Math.max(0, submissionsDueAt.getTime() - Date.now() + 300));
    const token = bearer('insurer', late);
    const closed = await http().put(`/fiscal-years/${FY}/submissions/${late}/answers`).set('Authorization', token).send({ answers: simpleAnswers(framework) }).expect(409);
    expect(closed.body.code).toBe('SUBMISSION.DEADLINE_PASSED');

    const reopenUntil = new Date(Math.ceil((Date.now() + 10 * 60 * 1000) / 1000) * 1000);
    const noOffset = await http().post(`/fiscal-years/${FY}/submissions/${late}/return`).set('Authorization', mie).send({ reason: '根拠資料の不足', reopenUntil: '2099-06-20T17:00' }).expect(400);
    expect(noOffset.body.errors[0].field).toBe('reopenUntil');
    await http().post(`/fiscal-years/${FY}/submissions/${late}/return`).set('Authorization', mie).send({ reason: '根拠資料の不足', reopenUntil: inJst(reopenUntil) }).expect(200);
    // The submission read says until when: the insurer's 差戻し notice shows it.
    const returnedView = await http().get(`/fiscal-years/${FY}/submissions/${late}`).set('Authorization', token).expect(200);
    expect(returnedView.body).toMatchObject({ status: 'returned', reopenUntil: reopenUntil.toISOString() });

    const waiting = await http().get(`/fiscal-years/${FY}/readiness`).set('Authorization', admin).expect(200);
    expect(waiting.body).toMatchObject({ phase: 'open', next: 'submissions_closed' });
    expect(waiting.body.missing).toEqual([{ code: 'SUBMISSION.RETURNED_NOT_RESUBMITTED', insurerCode: late, message: expect.stringContaining(reopenUntil.toISOString()) }]);
    const refused = await http().post(`/fiscal-years/${FY}/phase`).set('Authorization', admin).send({ to: 'submissions_closed' }).expect(409);
    expect(refused.body.details.missing.map((m: { insurerCode?: string }) => m.insurerCode)).toEqual([late]);
    // The insurer that was not sent back stays closed.
    expect((await http().put(`/fiscal-years/${FY}/submissions/${onTime}/answers`).set('Authorization', bearer('insurer', onTime)).send({ answers: simpleAnswers(framework) }).expect(409)).body.code).toBe(
      'SUBMISSION.DEADLINE_PASSED',
    );

    await http().put(`/fiscal-years/${FY}/submissions/${late}/answers`).set('Authorization', token).send({ answers: simpleAnswers(framework) }).expect(200);
    await http().post(`/fiscal-years/${FY}/submissions/${late}/submit`).set('Authorization', token).expect(200);
    const view = await http().get(`/fiscal-years/${FY}/submissions/${late}`).set('Authorization', mie).expect(200);
    expect(view.body).toMatchObject({ status: 'submitted', reopenUntil: null });

    const ready = await http().get(`/fiscal-years/${FY}/readiness`).set('Authorization', admin).expect(200);
    expect(ready.body.missing).toEqual([]);
    await http().post(`/fiscal-years/${FY}/phase`).set('Authorization', admin).send({ to: 'submissions_closed' }).expect(200);
  });

  it('shows the reopening in the audit timeline of that insurer', async () => {
    const timeline = await http().get(`/audit/fiscal-years/${FY}/timeline/${late}`).set('Authorization', auditor).expect(200);
    const returned = timeline.body.entries.find((e: { type: string }) => e.type === 'SubmissionReturned');
    expect(returned).toMatchObject({ actorId: 'mie-1', reason: '根拠資料の不足' });
    expect(returned.changes).toEqual(expect.arrayContaining([{ field: 'status', before: 'submitted', after: 'returned' }, { field: 'status.reopenUntil', before: null, after: expect.any(String) }]));
  });

  it('refuses an asOf time without a UTC offset, in the API and the CLI, saying to add one', async () => {
    const refused = await http().get(`/fiscal-years/${FY}?asOf=2025-03-31T15:00`).set('Authorization', admin).expect(400);
    expect(refused.body.code).toBe('VALIDATION.INVALID_QUERY');
    expect(refused.body.errors[0].field).toBe('asOf');
    expect(JSON.stringify(refused.body)).toMatch(/Z \(UTC\) or \+09:00/);
    // In a query string `+` means a space: the offset is sent encoded.
    await http().get(`/fiscal-years/${FY}?asOf=${encodeURIComponent('2099-03-31T15:00+09:00')}`).set('Authorization', admin).expect(200);
    expect(() => parsePoint('at', '2025-03-31T15:00')).toThrow(/no UTC offset/);
    expect(parsePoint('as-of', '2025-03-31T15:00Z')).toEqual({ at: new Date('2025-03-31T15:00:00.000Z') });
  });
});
