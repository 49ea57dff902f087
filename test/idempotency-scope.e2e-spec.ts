import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { submissionStreamId, withCheckDigit } from '@grants/domain';
import { EventStore } from '@grants/event-store';
import { openFiscalYearBody } from './support/fiscal-year';
import { startTestApp, TestApp } from './support/test-app';
import { bearer } from './support/tokens';

/**
 * Idempotency keys belong to an organisation, a route and a fiscal year: one insurer's key never meets another's, the
 * same file can be imported into a second year, and an interrupted import (503 IMPORT.INTERRUPTED) is completed by
 * another user of the same prefecture or by a national administrator sending the same file.
 */
const FY = 'FY2024';
const NEXT = 'FY2025';
const admin = bearer('national-admin', 'MHLW', 'admin-1');
const insurers = ['24201', '24202', '24203', '24204'].map((five, i) => ({ code: withCheckDigit(five), name: `三重テスト市${i + 1}`, category1InsuredPersons: 10_000 + i }));
const codes = insurers.map((i) => i.code).sort();
const yes = { answerType: 'yes_no', yes: true };

describe('idempotency keys scoped by organisation, route and fiscal year', () => {
  let testApp: TestApp;
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  const store = () => app.get(EventStore);
  const saved = async (fy: string, code: string) => (await store().readStream(submissionStreamId(fy, code), { maxCount: 1000 })).filter((e) => e.type === 'AnswersSaved');
  const answersFile = (answer: string) => Buffer.from(['保険者番号,指標ID,回答', ...codes.map((code) => `${code},suishin-I-i-1,${answer}`)].join('\r\n'), 'utf8');
  const importAnswers = (fy: string, token: string, file: Buffer) =>
    http().post(`/fiscal-years/${fy}/prefectures/24/answers-import`).set('Authorization', token).set('Content-Type', 'text/csv').send(file);

  /** Makes the database refuse appends to one insurer's submission, as a lost connection would in the middle of an import. */
  async function interruptAt(fy: string, code: string): Promise<() => Promise<void>> {
    await testApp.db.superuserQuery(`CREATE OR REPLACE FUNCTION test_interrupt() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'connection lost'; END $$`);
    await testApp.db.superuserQuery(`CREATE TRIGGER test_interrupt BEFORE INSERT ON events FOR EACH ROW WHEN (NEW.stream_id = '${submissionStreamId(fy, code)}') EXECUTE FUNCTION test_interrupt()`);
    return async () => void (await testApp.db.superuserQuery('DROP TRIGGER test_interrupt ON events'));
  }

  beforeAll(async () => {
    testApp = await startTestApp();
    app = testApp.app;
    for (const fy of [FY, NEXT]) {
      await http().post('/fiscal-years').set('Authorization', admin).send(openFiscalYearBody(fy, new Date(Date.now() + 3_600_000))).expect(201);
    }
  });
  afterAll(async () => testApp?.close());

  it('imports the same register CSV into a second fiscal year; the same file again in one year stores nothing', async () => {
    const file = Buffer.from(['保険者番号,保険者名,第1号被保険者数', ...insurers.map((i) => `${i.code},${i.name},${i.category1InsuredPersons}`)].join('\r\n'), 'utf8');
    const upload = (fy: string) => http().put(`/fiscal-years/${fy}/insurers/import`).set('Authorization', admin).set('Content-Type', 'text/csv').send(file);
    expect((await upload(FY).expect(200)).body).toMatchObject({ changed: 4, idempotentReplay: false });
    expect((await upload(NEXT).expect(200)).body).toMatchObject({ changed: 4, idempotentReplay: false });
    expect((await upload(NEXT).expect(200)).body).toMatchObject({ changed: 0, idempotentReplay: true });
    for (const fy of [FY, NEXT]) expect((await store().readStream(`register-${fy}`)).filter((e) => e.type === 'InsurersRegistered')).toHaveLength(1);
  });

  it("does not let one insurer's Idempotency-Key refuse another insurer's request", async () => {
    const key = 'monday-save-0001';
    const save = (code: string, token = bearer('insurer', code)) =>
      http().put(`/fiscal-years/${FY}/submissions/${code}/answers`).set('Authorization', token).set('Idempotency-Key', key).send({ answers: { 'suishin-I-i-1': yes } });
    expect((await save(codes[0]).expect(200)).body.idempotentReplay).toBe(false);
    expect((await save(codes[1]).expect(200)).body.idempotentReplay).toBe(false);
    // The same key on the same route in another year is another command.
    const nextYear = await http().put(`/fiscal-years/${NEXT}/submissions/${codes[0]}/answers`).set('Authorization', bearer('insurer', codes[0])).set('Idempotency-Key', key).send({ answers: { 'suishin-I-i-1': yes } });
    expect([nextYear.status, nextYear.body.idempotentReplay]).toEqual([200, false]);
    // A retry by another user of the same insurer is the same command: the first result, nothing stored twice.
    const colleague = await save(codes[0], bearer('insurer', codes[0], 'insurer-colleague'));
    expect([colleague.status, colleague.body.idempotentReplay]).toEqual([200, true]);
    expect(await saved(FY, codes[0])).toHaveLength(1);
    expect(await saved(FY, codes[1])).toHaveLength(1);
    expect(await saved(NEXT, codes[0])).toHaveLength(1);
    // The same key with another payload is still refused, and stores nothing.
    const other = await http().put(`/fiscal-years/${FY}/submissions/${codes[0]}/answers`).set('Authorization', bearer('insurer', codes[0])).set('Idempotency-Key', key).send({ answers: { 'suishin-I-i-1': { answerType: 'yes_no', yes: false } } });
    expect([other.status, other.body.code]).toEqual([409, 'EVENT_STORE.COMMAND_ID_REUSED']);
    expect(await saved(FY, codes[0])).toHaveLength(1);
  });

  it('lets another user of the prefecture complete an interrupted answers import, storing only what did not land', async () => {
    const file = answersFile('いいえ');
    const before = new Map(await Promise.all(codes.map(async (code) => [code, (await saved(FY, code)).length] as const)));
    const resume = await interruptAt(FY, codes[2]);
    const interrupted = await importAnswers(FY, bearer('prefecture', '24', 'mie-user-1'), file).expect(503);
    await resume();
    expect(interrupted.body.code).toBe('IMPORT.INTERRUPTED');
    expect(interrupted.body.details).toMatchObject({ landedInsurers: codes.slice(0, 2), notLandedInsurers: codes.slice(2) });
    const completed = await importAnswers(FY, bearer('prefecture', '24', 'mie-user-2'), file).expect(200);
    expect(completed.body).toMatchObject({ insurers: 4, applied: 2 });
    for (const code of codes) expect([code, (await saved(FY, code)).length]).toEqual([code, (before.get(code) ?? 0) + 1]);
  });

  it('lets a national administrator complete an interrupted import of a prefecture', async () => {
    const file = answersFile('はい');
    const before = new Map(await Promise.all(codes.map(async (code) => [code, (await saved(FY, code)).length] as const)));
    const resume = await interruptAt(FY, codes[1]);
    const interrupted = await importAnswers(FY, bearer('prefecture', '24', 'mie-user-1'), file).expect(503);
    await resume();
    expect(interrupted.body.details).toMatchObject({ landedInsurers: codes.slice(0, 1), notLandedInsurers: codes.slice(1) });
    const completed = await importAnswers(FY, admin, file).expect(200);
    expect(completed.body).toMatchObject({ insurers: 4, applied: 3 });
    for (const code of codes) expect([code, (await saved(FY, code)).length]).toEqual([code, (before.get(code) ?? 0) + 1]);
    // Sent again by anyone, it stores nothing.
    expect((await importAnswers(FY, bearer('prefecture', '24', 'mie-user-3'), file).expect(200)).body).toMatchObject({ applied: 0 });
    for (const code of codes) expect([code, (await saved(FY, code)).length]).toEqual([code, (before.get(code) ?? 0) + 1]);
  });

  it('imports the same answers CSV into a second fiscal year', async () => {
    const file = answersFile('はい');
    expect((await importAnswers(NEXT, bearer('prefecture', '24'), file).expect(200)).body).toMatchObject({ insurers: 4, applied: 4 });
    expect((await importAnswers(NEXT, bearer('prefecture', '24'), file).expect(200)).body).toMatchObject({ applied: 0 });
  });
});
