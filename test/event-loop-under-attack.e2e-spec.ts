import { request as httpRequest } from 'node:http';
import ExcelJS from 'exceljs';
import { withCheckDigit } from '@grants/domain';
import { createTestDatabase, TestDatabase } from '@grants/testing';
import { openFiscalYearBody } from './support/fiscal-year';
import { csvOf, HOSTILE_JSON as hostile, MAX_UPLOAD, percentile, sampleHealth, startApiInOwnProcess, startAttack } from './support/hostile-traffic';
import { bearer } from './support/tokens';

const FY = 'FY2024';
const admin = bearer('national-admin', 'MHLW');
const insurerCode = withCheckDigit('24220');
const insurer = bearer('insurer', insurerCode);
const mie = bearer('prefecture', '24');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Reply {
  readonly status: number;
  readonly code?: string;
  readonly errors?: { field: string }[];
  readonly details?: unknown;
}

/**
 * The API runs in a process of its own (test/support/api-process.ts) on a database of this file, and the hostile
 * traffic comes from another (test/support/hostile-traffic-process.ts): what is measured is the service, not Jest.
 */
describe('one request cannot freeze the service', () => {
  let db: TestDatabase;
  let api: Awaited<ReturnType<typeof startApiInOwnProcess>>;
  let base: string;
  const head = async () => (await db.superuserQuery<{ n: number }>('SELECT count(*)::int AS n FROM events'))[0].n;

  /** Sends bytes exactly as given and reads the JSON answer. */
  function send(method: string, path: string, token: string | undefined, contentType: string, body: string | Buffer): Promise<Reply> {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    const { port } = new URL(base);
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { 'Content-Type': contentType, 'Content-Length': String(bytes.length), ...(token && { Authorization: token }) };
      const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ...JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') }));
      });
      // The service may answer (415) before it has read a body it will not read.
      req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
      req.end(bytes);
    });
  }
  const answersPath = `/fiscal-years/${FY}/submissions/${insurerCode}/answers`;
  const saveAnswers = (body: string) => send('PUT', answersPath, insurer, 'application/json', body);
  const uploadRegister = (file: Buffer) => send('PUT', `/fiscal-years/${FY}/insurers/import`, admin, 'text/csv', file);
  const uploadAnswers = (file: Buffer) => send('POST', `/fiscal-years/${FY}/prefectures/24/answers-import`, mie, 'text/csv', file);
  const uploadFigures = (file: Buffer, type = 'text/csv') => send('PUT', `/fiscal-years/${FY}/national-figures/import`, admin, type, file);

  beforeAll(async () => {
    // Limits per minute raised: this file sends many requests from one address and one user on purpose.
    db = await createTestDatabase();
    api = await startApiInOwnProcess(db.url, { RATE_LIMIT_PER_IP_PER_MINUTE: '1000000', RATE_LIMIT_WRITES_PER_MINUTE: '1000000', RATE_LIMIT_UPLOADS_PER_MINUTE: '1000000' });
    base = api.base;
    const opened = await send('POST', '/fiscal-years', admin, 'application/json', JSON.stringify(openFiscalYearBody(FY, new Date(Date.now() + 3_600_000))));
    expect(opened.status).toBe(201);
    const registered = await send('PUT', `/fiscal-years/${FY}/insurers`, admin, 'application/json', JSON.stringify({ insurers: [{ code: insurerCode, name: '桑名市', category1InsuredPersons: 37_512 }] }));
    expect(registered.status).toBe(200);
  }, 180_000);
  afterAll(async () => {
    await api?.stop();
    await db?.drop();
  });

  describe('limits of JSON bodies, refused with 400 and a stable code before any handler, storing nothing', () => {
    it('refuses the 90,000-key answers body (VALIDATION.TOO_MANY_KEYS), deep nesting and too many values in all', async () => {
      const before = await head();
      expect(await saveAnswers(hostile.ninetyThousandKeys)).toMatchObject({ status: 400, code: 'VALIDATION.TOO_MANY_KEYS', details: { limit: 1_000 } });
      expect(await saveAnswers(hostile.deep)).toMatchObject({ status: 400, code: 'VALIDATION.TOO_DEEP', details: { limit: 32 } });
      expect(await saveAnswers(hostile.wide)).toMatchObject({ status: 400, code: 'VALIDATION.TOO_MANY_VALUES', details: { limit: 20_000 } });
      const insurers = JSON.stringify({ insurers: Array.from({ length: 2_001 }, () => ({ code: insurerCode, name: 'x', category1InsuredPersons: 1 })) });
      expect(await send('PUT', `/fiscal-years/${FY}/insurers`, admin, 'application/json', insurers)).toMatchObject({ status: 400, code: 'VALIDATION.TOO_MANY_ITEMS', details: { limit: 2_000 } });
      expect(await head()).toBe(before);
    });

    it('refuses answers of more than 500 indicators, municipal and prefectural, naming the field', async () => {
      const before = await head();
      const answers = JSON.stringify({ answers: Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`x-${i}`, { answerType: 'yes_no', yes: true }])) });
      for (const reply of [await saveAnswers(answers), await send('PUT', `/fiscal-years/${FY}/prefectures/24/answers`, mie, 'application/json', answers)]) {
        expect(reply).toMatchObject({ status: 400, code: 'VALIDATION.TOO_MANY_KEYS' });
        expect(reply.errors?.map((e) => e.field)).toEqual(['answers']);
      }
      expect(await head()).toBe(before);
    });

    it('refuses __proto__, constructor and prototype keys at the top and nested (VALIDATION.FORBIDDEN_KEY)', async () => {
      const before = await head();
      for (const key of ['__proto__', 'constructor', 'prototype']) {
        expect(await saveAnswers(`{"answers":{},"${key}":{"role":"national-admin"}}`)).toMatchObject({ status: 400, code: 'VALIDATION.FORBIDDEN_KEY' });
        expect(await saveAnswers(`{"answers":{"${key}":{"answerType":"yes_no","yes":true}}}`)).toMatchObject({ status: 400, code: 'VALIDATION.FORBIDDEN_KEY', details: { key, path: `answers.${key}` } });
      }
      expect(await head()).toBe(before);
    });

    it('answers JSON in UTF-16 (or any charset but UTF-8) with 415', async () => {
      const body = Buffer.from(JSON.stringify({ answers: {} }), 'utf16le');
      for (const charset of ['utf-16', 'utf-16le', 'UTF-32']) {
        expect(await send('PUT', answersPath, insurer, `application/json; charset=${charset}`, body)).toMatchObject({ status: 415, code: 'HTTP.UNSUPPORTED_MEDIA_TYPE' });
      }
    });
  });

  describe('limits of uploaded files, enforced while they are read', () => {
    it('stops reading at the row limit of each import (CSV.TOO_MANY_ROWS), storing nothing', async () => {
      const before = await head();
      const register = csvOf('保険者番号,保険者名,第1号被保険者数', `${insurerCode},桑名市,1`, 200_000);
      expect(await uploadRegister(register)).toMatchObject({ status: 400, code: 'CSV.TOO_MANY_ROWS', details: [{ line: 5_002, code: 'CSV.TOO_MANY_ROWS' }] });
      const answers = csvOf('保険者番号,指標ID,回答', `${insurerCode},x,はい`, MAX_UPLOAD);
      expect(await uploadAnswers(answers)).toMatchObject({ status: 400, code: 'CSV.TOO_MANY_ROWS', details: [{ line: 250_002 }] });
      const figures = csvOf('保険者番号,指標ID,数値', `${insurerCode},x,1`, MAX_UPLOAD);
      expect(await uploadFigures(figures)).toMatchObject({ status: 400, code: 'CSV.TOO_MANY_ROWS', details: [{ line: 250_002 }] });
      expect(await head()).toBe(before);
      // Reading 250,000 rows takes a while on a busy machine: the reading thread yields the cores to the event loop.
    }, 180_000);

    it('refuses too many columns (CSV and XLSX) and over-long lines, storing nothing', async () => {
      const before = await head();
      const columns = Array.from({ length: 257 }, (_, i) => `c${i}`);
      expect(await uploadRegister(Buffer.from(`${columns.join(',')}\n1\n`))).toMatchObject({ status: 400, code: 'CSV.TOO_MANY_COLUMNS' });
      const workbook = new ExcelJS.Workbook();
      workbook.addWorksheet('figures').addRow(columns);
      const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
      expect(await uploadFigures(xlsx, XLSX)).toMatchObject({ status: 400, code: 'CSV.TOO_MANY_COLUMNS' });
      const commas = Buffer.concat([Buffer.from('保険者番号,指標ID,回答\n'), Buffer.alloc(MAX_UPLOAD, ',')]);
      expect(await uploadAnswers(commas)).toMatchObject({ status: 400, code: 'CSV.RECORD_TOO_LONG', details: [{ line: 2 }] });
      expect(await head()).toBe(before);
    }, 120_000);
  });

  it('keeps /health fast (p99 within 100 ms of the quiet p99, 250 calls) while hostile bodies and maximum-size uploads are sent', async () => {
    const before = await head();
    // The file-reading thread is started and the routes are warm before measuring.
    await uploadRegister(Buffer.from('保険者番号\n'));
    await sampleHealth(base, 20);
    // This machine's own /health p99 without an attack: the bound below is on what the attack adds to it, so that a
    // machine busy with other work does not fail the test, while a request that holds the event loop still does.
    const quiet = percentile((await sampleHealth(base, 200)).latencies, 99);

    const attack = await startAttack({ base, fiscalYear: FY, insurerCode, tokens: { admin, insurer, prefecture24: mie } });
    const health = await sampleHealth(base, 250).catch(async (error: unknown) => {
      await attack.stop();
      throw error;
    });
    const tally = await attack.stop();

    // Every kind of attack was going on during the measurement, and each was refused as it should be.
    expect(Object.keys(tally)).toHaveLength(6);
    for (const [name, { sent, unexpected }] of Object.entries(tally)) expect([name, sent > 0, unexpected]).toEqual([name, true, []]);
    expect(new Set(health.statuses)).toEqual(new Set([200]));
    expect(percentile(health.latencies, 99)).toBeLessThan(quiet + 100);
    expect(await head()).toBe(before);
  }, 240_000);
});
