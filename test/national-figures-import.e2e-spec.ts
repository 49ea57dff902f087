import { setTimeout as sleep } from 'node:timers/promises';
import { INestApplication } from '@nestjs/common';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import request from 'supertest';
import { Framework, frameworkIndicators } from '@grants/domain';
import { EventStore } from '@grants/event-store';
import { openFiscalYearBody } from './support/fiscal-year';
import { startTestApp, TestApp } from './support/test-app';
import { bearer } from './support/tokens';

const FY = 'FY2024'; // moved to submissions_closed
const OPEN = 'FY2025'; // stays open
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const admin = bearer('national-admin', 'MHLW');
const reviewer = bearer('national-reviewer', 'MHLW');
const codes = ['011002', '242021', '242055'];

describe('national figures imported from a CSV or XLSX file', () => {
  let testApp: TestApp;
  let app: INestApplication;
  let numeric: string[];
  let prefectural: string;
  const http = () => request(app.getHttpServer());
  const upload = (bytes: Buffer, { token = reviewer, fy = FY, type = 'text/csv' } = {}) =>
    http().put(`/fiscal-years/${fy}/national-figures/import`).set('Authorization', token).set('Content-Type', type).send(bytes);
  const figureEvents = async () => (await app.get(EventStore).readStream(`national_figures-${FY}`)).length;

  beforeAll(async () => {
    testApp = await startTestApp();
    app = testApp.app;
    const dueAt = new Date(Date.now() + 1500);
    await http().post('/fiscal-years').set('Authorization', admin).send(openFiscalYearBody(FY, dueAt)).expect(201);
    await http().post('/fiscal-years').set('Authorization', admin).send(openFiscalYearBody(OPEN, new Date(Date.now() + 3_600_000))).expect(201);
    const register = `保険者番号,保険者名,第1号被保険者数\n011002,札幌市,512000\n242021,四日市市,80000\n242055,桑名市,37512\n`;
    await http().put(`/fiscal-years/${FY}/insurers/import`).set('Authorization', admin).set('Content-Type', 'text/csv').send(Buffer.from(register)).expect(200);
    const framework: Framework = (await http().get(`/fiscal-years/${FY}/frameworks/municipal`).set('Authorization', admin).expect(200)).body;
    numeric = frameworkIndicators(framework).flatMap(({ indicator }) => (indicator.answerType === 'numeric' ? [indicator.id] : []));
    const prefecturalFramework: Framework = (await http().get(`/fiscal-years/${FY}/frameworks/prefectural`).set('Authorization', admin).expect(200)).body;
    prefectural = frameworkIndicators(prefecturalFramework).find(({ indicator }) => indicator.answerType === 'numeric')!.indicator.id;
    await sleep(Math.max(0, dueAt.getTime() - Date.now() + 100));
    await http().post(`/fiscal-years/${FY}/phase`).set('Authorization', admin).send({ to: 'submissions_closed' }).expect(200);
  });
  afterAll(async () => testApp?.close());

  it('records the figures of every indicator in a long file, and nothing new when the same file is sent again', async () => {
    const lines = ['保険者番号,指標ID,数値', ...numeric.flatMap((id) => codes.map((code, k) => `${code},${id},${k + 1}.5`)), `24,${prefectural},7`];
    const file = iconv.encode(lines.join('\r\n'), 'cp932');
    const first = await upload(file).expect(200);
    expect(first.body).toMatchObject({ fiscalYear: FY, format: 'csv', layout: 'long', encoding: 'shift_jis', rows: numeric.length * 3 + 1, applied: numeric.length + 1 });
    expect(first.headers.etag).toBe(`"${first.body.version}"`);
    expect(await figureEvents()).toBe(numeric.length + 1);
    const listed = (await http().get(`/fiscal-years/${FY}/national-figures`).set('Authorization', reviewer).expect(200)).body.figures;
    expect(listed[numeric[0]]).toEqual([
      { code: '011002', value: 1.5 },
      { code: '242021', value: 2.5 },
      { code: '242055', value: 3.5 },
    ]);
    expect(listed[prefectural]).toEqual([{ code: '24', value: 7 }]);

    const again = await upload(file).expect(200);
    expect(again.body).toMatchObject({ applied: 0, version: first.body.version });
    expect(again.body.indicators.every((i: { idempotentReplay: boolean }) => i.idempotentReplay)).toBe(true);
    expect(await figureEvents()).toBe(numeric.length + 1);
  });

  it('records a wide XLSX file (one column per indicator), codes typed as numbers included', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('国の数値');
    sheet.addRow(['保険者番号', '保険者名', numeric[0]]);
    sheet.addRow([11002, '札幌市', 10]);
    sheet.addRow([242055, '桑名市', null]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const before = await figureEvents();
    expect((await upload(bytes, { type: XLSX }).expect(200)).body).toMatchObject({ format: 'xlsx', layout: 'wide', rows: 2, applied: 1 });
    expect(await figureEvents()).toBe(before + 1);
    const listed = (await http().get(`/fiscal-years/${FY}/national-figures`).set('Authorization', reviewer).expect(200)).body.figures;
    expect(listed[numeric[0]]).toEqual([
      { code: '011002', value: 10 },
      { code: '242055', value: null },
    ]);
  });

  it('refuses a bad file as a whole, naming each problem by line and column, and stores nothing', async () => {
    const before = await figureEvents();
    const bad = ['保険者番号,指標ID,数値', `242055,${numeric[0]},1`, `999999,${numeric[0]},1`, `242055,${numeric[1]},abc`, '242055,no-such-indicator,1', `242055,${numeric[0]},2`].join('\n');
    const response = await upload(Buffer.from(bad, 'utf8')).expect(400);
    expect(response.body.code).toBe('CSV.INVALID');
    expect(response.body.details.map((d: { line: number; column: string; code: string }) => [d.line, d.column, d.code])).toEqual([
      [3, '保険者番号', 'CSV.UNKNOWN_CODE'],
      [4, '数値', 'CSV.NOT_A_NUMBER'],
      [5, '指標ID', 'CSV.UNKNOWN_INDICATOR'],
      [6, '保険者番号', 'CSV.DUPLICATE_CODE'],
    ]);
    expect((await upload(Buffer.alloc(0)).expect(400)).body.details[0]).toMatchObject({ line: 1, code: 'CSV.EMPTY' });
    expect(await figureEvents()).toBe(before);
  });

  it('refuses other roles, JSON bodies and a year whose submissions are still open, storing nothing', async () => {
    const file = Buffer.from(`コード,${prefectural}\n24,1\n`, 'utf8');
    expect((await upload(file, { token: bearer('prefecture', '24') }).expect(403)).body.code).toBe('AUTH.ROLE_NOT_ALLOWED');
    await upload(file, { token: bearer('insurer', '242055') }).expect(403);
    expect((await http().put(`/fiscal-years/${FY}/national-figures/import`).set('Authorization', reviewer).send({ figures: [] }).expect(400)).body.code).toBe('CSV.CONTENT_TYPE');
    expect((await upload(file, { fy: OPEN }).expect(409)).body.code).toBe('REVIEW.NOT_OPEN');
    expect(await app.get(EventStore).readStream(`national_figures-${OPEN}`)).toHaveLength(0);
  });
});
