import request from 'supertest';
import { EventStore } from '@grants/event-store';
import { openFiscalYearBody } from './support/fiscal-year';
import { startTestApp, TestApp } from './support/test-app';
import { bearer } from './support/tokens';

const FY = 'FY2024';
const admin = bearer('national-admin', 'MHLW', 'admin-1');

describe('names and reasons: NFC, and no control, bidirectional or zero-width characters', () => {
  let testApp: TestApp;
  const http = () => request(testApp.app.getHttpServer());
  const head = () => testApp.app.get(EventStore).headPosition();

  beforeAll(async () => {
    testApp = await startTestApp();
    await http().post('/fiscal-years').set('Authorization', admin).send(openFiscalYearBody(FY, new Date(Date.now() + 3_600_000))).expect(201);
  });
  afterAll(async () => testApp?.close());

  it.each<[string, string, string]>([
    ['a right-to-left override', '桑名\u202Eevil', 'U+202E'],
    ['a first-strong isolate', '\u2068桑名市', 'U+2068'],
    ['a zero-width space', '桑\u200B名市', 'U+200B'],
    ['a line break', '桑名市\n四日市市', 'U+000A'],
    ['an escape sequence', '\u001B[2J桑名市', 'U+001B'],
  ])('refuses an insurer name with %s: 400 VALIDATION.FORBIDDEN_CHARACTERS naming the field, nothing stored', async (_label, name, codePoint) => {
    const before = await head();
    const response = await http()
      .put(`/fiscal-years/${FY}/insurers`)
      .set('Authorization', admin)
      .send({ insurers: [{ code: '242055', name, category1InsuredPersons: 37512 }] })
      .expect(400);
    expect(response.body).toMatchObject({
      statusCode: 400,
      code: 'VALIDATION.FORBIDDEN_CHARACTERS',
      errors: [{ field: 'name', messages: [expect.stringContaining(codePoint)] }],
      details: { field: 'name', codePoint },
    });
    expect(response.body.message).toMatch(/使えない文字.*not allowed/);
    expect(await head()).toBe(before);
  });

  it('refuses the same characters in a register CSV, by line and column', async () => {
    const before = await head();
    const csv = Buffer.from('保険者番号,保険者名,第1号被保険者数\n242055,桑名市,37512\n242021,四日\u202E市市,80000\n');
    const response = await http().put(`/fiscal-years/${FY}/insurers/import`).set('Authorization', admin).set('Content-Type', 'text/csv').send(csv).expect(400);
    expect(response.body.code).toBe('CSV.INVALID');
    expect(response.body.details).toEqual([{ line: 3, column: '保険者名', code: 'VALIDATION.FORBIDDEN_CHARACTERS', message: expect.stringContaining('U+202E') }]);
    expect(await head()).toBe(before);
  });

  it('stores names in NFC, from JSON and from a CSV', async () => {
    // が as か + combining voiced mark (NFD), as macOS file names and some IMEs send it.
    const decomposed = 'か\u3099まごおり町';
    await http().put(`/fiscal-years/${FY}/insurers`).set('Authorization', admin).send({ insurers: [{ code: '242055', name: decomposed, category1InsuredPersons: 37512 }] }).expect(200);
    const csv = Buffer.from(`保険者番号,保険者名,第1号被保険者数\n242021,${decomposed}2,80000\n`);
    await http().put(`/fiscal-years/${FY}/insurers/import`).set('Authorization', admin).set('Content-Type', 'text/csv').send(csv).expect(200);
    const listed = (await http().get(`/fiscal-years/${FY}/insurers?prefecture=24`).set('Authorization', admin).expect(200)).body.insurers as { code: string; name: string }[];
    expect(listed.map(({ code, name }) => [code, name])).toEqual(
      expect.arrayContaining([
        ['242055', 'がまごおり町'],
        ['242021', 'がまごおり町2'],
      ]),
    );
    const names = (await testApp.app.get(EventStore).readAll()).flatMap((event) => JSON.stringify(event.data).match(/か\u3099/g) ?? []);
    expect(names).toEqual([]);
  });

  it('refuses a reason with a bidirectional override (deadline change, return of a submission), and keeps line breaks in reasons', async () => {
    const before = await head();
    const dueAt = new Date(Date.now() + 7_200_000).toISOString();
    const bad = await http()
      .post(`/fiscal-years/${FY}/deadlines`)
      .set('Authorization', admin)
      .send({ deadline: 'submissionsDueAt', dueAt, reason: '災害のため\u202E延長' })
      .expect(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION.FORBIDDEN_CHARACTERS', errors: [{ field: 'reason' }] });
    const returned = await http()
      .post(`/fiscal-years/${FY}/submissions/242055/return`)
      .set('Authorization', admin)
      .send({ reason: '根拠資料\u200Bが不足', reopenUntil: dueAt });
    expect([returned.status, returned.body.code]).toEqual([400, 'VALIDATION.FORBIDDEN_CHARACTERS']);
    expect(await head()).toBe(before);
    await http()
      .post(`/fiscal-years/${FY}/deadlines`)
      .set('Authorization', admin)
      .send({ deadline: 'reviewDueAt', dueAt, reason: '災害のため延長する。\r\n詳細は通知のとおり。' })
      .expect(200);
    const year = (await http().get(`/fiscal-years/${FY}`).set('Authorization', admin).expect(200)).body;
    expect(JSON.stringify(year.deadlineChanges)).toContain('災害のため延長する。\\n詳細は通知のとおり。');
  });
});
