import { INestApplication } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import request from 'supertest';
import { csvBytes, Framework, selfAssessedIndicators } from '@grants/domain';
import { EventStore } from '@grants/event-store';
import { openFiscalYearBody } from './support/fiscal-year';
import { startTestApp, TestApp } from './support/test-app';
import { bearer } from './support/tokens';

const FY = 'FY2024';
const admin = bearer('national-admin', 'MHLW');
const mie = bearer('prefecture', '24');
const template = `/fiscal-years/${FY}/prefectures/24/answers-template`;

const binary = (res: request.Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('the answers template of a prefecture', () => {
  let testApp: TestApp;
  let app: INestApplication;
  let framework: Framework;
  const http = () => request(app.getHttpServer());
  const download = (query = '', token = mie) => http().get(`${template}${query}`).set('Authorization', token).buffer(true).parse(binary);

  beforeAll(async () => {
    testApp = await startTestApp();
    app = testApp.app;
    await http().post('/fiscal-years').set('Authorization', admin).send(openFiscalYearBody(FY, new Date(Date.now() + 3_600_000))).expect(201);
    const register = `保険者番号,保険者名,第1号被保険者数\n011002,札幌市,512000\n242055,桑名市,37512\n242021,四日市市,80000\n`;
    await http().put(`/fiscal-years/${FY}/insurers/import`).set('Authorization', admin).set('Content-Type', 'text/csv').send(Buffer.from(register)).expect(200);
    framework = (await http().get(`/fiscal-years/${FY}/frameworks/municipal`).set('Authorization', admin).expect(200)).body;
    await http()
      .put(`/fiscal-years/${FY}/submissions/242055/answers`)
      .set('Authorization', bearer('insurer', '242055'))
      .send({ answers: { 'suishin-I-i-1': { answerType: 'yes_no', yes: false } } })
      .expect(200);
  });
  afterAll(async () => testApp?.close());

  it('is downloaded as CSV with a row per municipality and indicator and the current answers, filled in and imported back', async () => {
    const indicators = [...selfAssessedIndicators(framework).values()];
    const response = await download().expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv; charset=UTF-8/i);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="answers-template-${FY}-24.csv"`);
    const text = (response.body as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows]: string[][] = parse(text, { bom: true });
    expect(header).toEqual(['保険者番号', '保険者名', '指標ID', '指標', '選択できる値', '回答', '備考']);
    expect(rows).toHaveLength(2 * indicators.length);
    expect(new Set(rows.map((row) => row[0]))).toEqual(new Set(['242021', '242055'])); // 札幌市 is Hokkaido's
    expect(rows.find((row) => row[0] === '242055' && row[2] === 'suishin-I-i-1')?.slice(4, 6)).toEqual(['はい / いいえ', 'いいえ']);
    expect(rows.find((row) => row[0] === '242021' && row[2] === 'suishin-I-i-1')?.[5]).toBe('');

    // Filled in: yes everywhere, the first option of each choice.
    const byId = new Map(indicators.map((indicator) => [indicator.id, indicator]));
    const filled = rows.map((row) => {
      const indicator = byId.get(row[2])!;
      return [...row.slice(0, 5), indicator.answerType === 'yes_no' ? 'はい' : indicator.options[0].id, row[6]];
    });
    const imported = await http()
      .post(`/fiscal-years/${FY}/prefectures/24/answers-import`)
      .set('Authorization', mie)
      .set('Content-Type', 'text/csv')
      .send(csvBytes([header, ...filled], { encoding: 'shift_jis' }))
      .expect(200);
    expect(imported.body).toMatchObject({ rows: 2 * indicators.length, insurers: 2, applied: 2, encoding: 'shift_jis' });
    const saved = (await http().get(`/fiscal-years/${FY}/submissions/242021`).set('Authorization', mie).expect(200)).body;
    expect(Object.keys(saved.answers)).toHaveLength(indicators.length);
    expect(saved.answers['suishin-I-i-1']).toEqual({ answerType: 'yes_no', yes: true });
    expect((await app.get(EventStore).readStream(`submission-${FY}-242055`)).map((e) => e.type)).toEqual(['AnswersSaved', 'AnswersSaved']);

    const again = (await download().expect(200)).body as Buffer;
    expect(again.toString('utf8')).toContain(`242021,四日市市,suishin-I-i-1,`);
    const rowsAgain: string[][] = parse(again.toString('utf8'), { bom: true });
    expect(rowsAgain.find((row) => row[0] === '242055' && row[2] === 'suishin-I-i-1')?.[5]).toBe('はい');
  });

  it('comes as Shift_JIS on request, and as XLSX with a header row and drop-down lists', async () => {
    const sjis = await download('?encoding=shift_jis').expect(200);
    expect(sjis.headers['content-type']).toMatch(/charset=Shift_JIS/i);
    expect(iconv.decode(sjis.body as Buffer, 'cp932').startsWith('保険者番号,保険者名,指標ID')).toBe(true);

    const xlsx = await download('?format=xlsx', admin).expect(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(xlsx.body as Buffer).buffer);
    const sheet = workbook.getWorksheet('回答')!;
    expect(sheet.getCell('A1').value).toBe('保険者番号');
    expect(sheet.getCell('A2').value).toBe('242021');
    expect(sheet.getCell('C2').value).toBe('suishin-I-i-1');
    expect(sheet.getCell('F2').dataValidation).toMatchObject({ type: 'list', formulae: ['"はい,いいえ"'] });
  });

  it('is filled in as the Excel workbook itself and imported back as XLSX; a broken workbook stores nothing', async () => {
    const indicators = new Map([...selfAssessedIndicators(framework).values()].map((indicator) => [indicator.id, indicator]));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array((await download('?format=xlsx').expect(200)).body as Buffer).buffer);
    const sheet = workbook.getWorksheet('回答')!;
    // いいえ everywhere, no option applies, as picked from the drop-down lists.
    sheet.eachRow((row, line) => {
      if (line > 1) row.getCell(6).value = indicators.get(String(row.getCell(3).value))!.answerType === 'yes_no' ? 'いいえ' : '';
    });
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const upload = (bytes: Buffer) =>
      http().post(`/fiscal-years/${FY}/prefectures/24/answers-import`).set('Authorization', mie).set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(bytes);

    const before = (await app.get(EventStore).readAll({ after: 0n, maxCount: 100_000 })).length;
    const broken = await upload(Buffer.concat([xlsx.subarray(0, 4), Buffer.from('not a workbook')])).expect(400);
    expect(broken.body).toMatchObject({ code: 'CSV.INVALID', details: [{ line: 1, code: 'XLSX.MALFORMED' }] });
    expect((await app.get(EventStore).readAll({ after: 0n, maxCount: 100_000 })).length).toBe(before);

    const imported = await upload(xlsx).expect(200);
    expect(imported.body).toMatchObject({ rows: 2 * indicators.size, insurers: 2, applied: 2, encoding: 'xlsx', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const saved = (await http().get(`/fiscal-years/${FY}/submissions/242021`).set('Authorization', mie).expect(200)).body;
    expect(saved.answers['suishin-I-i-1']).toEqual({ answerType: 'yes_no', yes: false });
    // The same workbook again (a retry after a lost answer) stores nothing more.
    expect((await upload(xlsx).expect(200)).body).toMatchObject({ insurers: 2, applied: 0 });
  });

  it('is refused to another prefecture, to insurers and for a bad format; auditors read it', async () => {
    expect((await download('', bearer('prefecture', '01')).expect(403)).body.toString('utf8')).toContain('AUTH.OUT_OF_SCOPE');
    await download('', bearer('insurer', '242055')).expect(403);
    expect((await download('', bearer('auditor', 'MHLW')).expect(200)).headers['content-type']).toMatch(/^text\/csv/);
    expect((await download('?format=pdf').expect(400)).body.toString('utf8')).toContain('VALIDATION.INVALID_QUERY');
  });
});
