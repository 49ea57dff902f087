import { INestApplication } from '@nestjs/common';
import iconv from 'iconv-lite';
import request from 'supertest';
import { EventStore } from '@grants/event-store';
import { startTestApp, TestApp } from './support/test-app';
import { bearer } from './support/tokens';

const FY = 'FY2024';
const admin = bearer('national-admin', 'MHLW');
const csv = '保険者番号,保険者名,第1号被保険者数\r\n242055,桑名市,"37,512"\r\n011002,札幌市,512000\r\n';

describe('register import from CSV over HTTP', () => {
  let testApp: TestApp;
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  const upload = (bytes: Buffer, token = admin, query = '') =>
    http().put(`/fiscal-years/${FY}/insurers/import${query}`).set('Authorization', token).set('Content-Type', 'text/csv').send(bytes);
  const registerEvents = () => app.get(EventStore).readStream(`register-${FY}`);

  beforeAll(async () => {
    testApp = await startTestApp();
    app = testApp.app;
    await http()
      .post('/fiscal-years')
      .set('Authorization', admin)
      .send({
        fiscalYear: FY,
        pools: { suishinMunicipalYen: '1', suishinPrefecturalYen: '1', shienMunicipalYen: '1', shienPrefecturalYen: '1' },
        deadlines: { submissionsDueAt: '2099-01-01T00:00:00.000Z', prefectureSubmissionsDueAt: '2099-01-02T00:00:00.000Z', reviewDueAt: '2099-01-03T00:00:00.000Z' },
        allocationRuleVersion: 'municipal-score-x-insured-v1',
      })
      .expect(201);
  });
  afterAll(async () => testApp?.close());

  it('imports a UTF-8 file, and stores nothing when the same file is sent again', async () => {
    const first = await upload(Buffer.from(csv, 'utf8'), admin, '?fileName=hokensha.csv').expect(200);
    expect(first.body).toMatchObject({ rows: 2, changed: 2, encoding: 'utf-8', idempotentReplay: false });
    const again = await upload(Buffer.from(csv, 'utf8')).expect(200);
    expect(again.body).toMatchObject({ idempotentReplay: true, changed: 0 });
    const events = await registerEvents();
    expect(events).toHaveLength(1);
    expect(events[0].data.source).toEqual({ kind: 'csv', fileName: 'hokensha.csv', fileSha256: first.body.sha256 });
  });

  it('imports a Shift_JIS (CP932) file with a corrected count', async () => {
    const response = await upload(iconv.encode(csv.replace('512000', '512100'), 'cp932')).expect(200);
    expect(response.body).toMatchObject({ encoding: 'shift_jis', changed: 1 });
    const list = await http().get(`/fiscal-years/${FY}/insurers?prefecture=01`).set('Authorization', admin).expect(200);
    expect(list.body.insurers[0]).toMatchObject({ code: '011002', name: '札幌市', category1InsuredPersons: 512100 });
  });

  it('refuses a file with bad rows as a whole, listing each by line and column', async () => {
    const before = (await registerEvents()).length;
    const response = await upload(Buffer.from('保険者番号,保険者名,第1号被保険者数\n242056,桑名市,10\n130001,=cmd|calc,-1\n', 'utf8')).expect(400);
    expect(response.body.code).toBe('CSV.INVALID');
    expect(response.body.details.map((d: { line: number; column: string; code: string }) => [d.line, d.column, d.code])).toEqual([
      [2, '保険者番号', 'CSV.CHECK_DIGIT'],
      [3, '保険者名', 'CSV.FORMULA'],
      [3, '第1号被保険者数', 'CSV.NEGATIVE'],
    ]);
    expect(await registerEvents()).toHaveLength(before);
  });

  it('answers a stale If-Match with 412, storing nothing', async () => {
    const before = (await registerEvents()).length;
    const response = await upload(Buffer.from(csv.replace('37,512', '40000'), 'utf8')).set('If-Match', '"0"').expect(412);
    expect(response.body.code).toBe('EVENT_STORE.WRONG_EXPECTED_VERSION');
    expect(await registerEvents()).toHaveLength(before);
  });

  it('refuses JSON instead of a file, prefectures, and files over 20 MB', async () => {
    expect((await http().put(`/fiscal-years/${FY}/insurers/import`).set('Authorization', admin).send({ a: 1 }).expect(400)).body.code).toBe('CSV.CONTENT_TYPE');
    await upload(Buffer.from(csv, 'utf8'), bearer('prefecture', '24')).expect(403);
    await upload(Buffer.alloc(21 * 1024 * 1024, 0x41)).expect(413);
  });

  it('imports a prefecture’s bulk answers once, refusing rows outside the prefecture', async () => {
    const mie = bearer('prefecture', '24');
    const answers = Buffer.from('保険者番号,指標ID,回答\n242055,suishin-I-i-1,はい\n242055,suishin-I-i-2,a\n', 'utf8');
    const post = (bytes: Buffer, token = mie) =>
      http().post(`/fiscal-years/${FY}/prefectures/24/answers-import`).set('Authorization', token).set('Content-Type', 'text/csv').send(bytes);
    expect((await post(answers).expect(200)).body).toMatchObject({ rows: 2, insurers: 1, applied: 1 });
    expect((await post(answers).expect(200)).body).toMatchObject({ applied: 0 });
    const stream = await app.get(EventStore).readStream(`submission-${FY}-242055`);
    expect(stream.map((e) => e.type)).toEqual(['AnswersSaved']);
    const outside = await post(Buffer.from('保険者番号,指標ID,回答\n011002,suishin-I-i-1,はい\n', 'utf8')).expect(400);
    expect(outside.body.details[0]).toMatchObject({ line: 2, code: 'CSV.OUT_OF_SCOPE' });
    await post(answers, bearer('prefecture', '01')).expect(403);
  });
});
