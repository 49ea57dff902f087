import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import { Framework, frameworkIndicators, replayFiscalYear, withCheckDigit } from '@grants/domain';
import { EventStore, PostgresEventStore, verifyChain } from '@grants/event-store';
import { createApp } from '../apps/api/src/app.factory';
import { loadConfig } from '../apps/api/src/config/app-config';
import { openFiscalYearBody, simpleAnswers as fullAnswers } from './support/fiscal-year';
import { startTestApp, TEST_ENV, TestApp } from './support/test-app';
import { bearer } from './support/tokens';

const FY = 'FY2024';
const admin = bearer('national-admin', 'MHLW', 'admin-1');

async function checkAudit(app: INestApplication): Promise<void> {
  const store = app.get(EventStore) as PostgresEventStore;
  expect((await verifyChain(store.connectionPool)).ok).toBe(true);
  const report = replayFiscalYear(FY, await store.readAll({ maxCount: 100_000 }));
  expect(report.mismatches).toEqual([]);
}

/** A PostgreSQL server in a child process that the test can restart (test/support/pg-server-process.ts). */
class RestartableServer {
  private output = '';
  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk) => (this.output += String(chunk)));
    child.stderr.on('data', (chunk) => (this.output += String(chunk)));
  }

  static async start(dataDir: string, port: number): Promise<{ server: RestartableServer; url: string }> {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', resolve('test/support/pg-server-process.ts'), dataDir, String(port)], {
      cwd: resolve('.'),
      env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.json' },
    });
    const server = new RestartableServer(child);
    return { server, url: await server.ready(0) };
  }

  private async ready(count: number): Promise<string> {
    for (;;) {
      const ready = [...this.output.matchAll(/READY (\S+)/g)];
      if (ready.length > count) return ready[count][1];
      if (this.child.exitCode !== null) throw new Error(`the PostgreSQL process exited: ${this.output}`);
      await new Promise((done) => setTimeout(done, 50));
    }
  }

  async restart(): Promise<void> {
    const before = [...this.output.matchAll(/READY/g)].length;
    this.child.stdin.write('restart\n');
    await this.ready(before);
  }

  async stop(): Promise<void> {
    this.child.stdin.write('stop\n');
    await new Promise((done) => this.child.once('exit', done));
  }
}

describe('faults: the database restarted in the middle of a bulk import', () => {
  const port = 55400 + (process.pid % 90); // clear of the ports the service, tests and bench use (5432x)
  const dataDir = resolve(`.data/fault-pg-${process.pid}`);
  let server: RestartableServer;
  let url: string;
  let app: INestApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    ({ server, url } = await RestartableServer.start(dataDir, port));
    app = await createApp({ databaseUrl: url, config: loadConfig({ ...TEST_ENV, DATABASE_URL: url }) });
    await app.init();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reports exactly which rows did not land; sending the file again stores only those, nothing twice', async () => {
    await http().post('/fiscal-years').set('Authorization', admin).send(openFiscalYearBody(FY, new Date(Date.now() + 3_600_000))).expect(201);
    const insurers = Array.from({ length: 400 }, (_, i) => ({ code: withCheckDigit(`24${String(i + 1).padStart(3, '0')}`), name: `町${i}`, category1InsuredPersons: 1000 + i }));
    await http().put(`/fiscal-years/${FY}/insurers`).set('Authorization', admin).send({ insurers }).expect(200);
    const framework: Framework = (await http().get(`/fiscal-years/${FY}/frameworks/municipal`).set('Authorization', admin).expect(200)).body;
    const answers = Object.keys(fullAnswers(framework));
    // yes/no indicators answered はい, choice indicators their first option.
    const cell = new Map(frameworkIndicators(framework).map(({ indicator }) => [indicator.id, indicator.answerType === 'choice' ? indicator.options[0].id : 'はい']));
    const csv = Buffer.from(['保険者番号,指標ID,回答', ...insurers.flatMap((insurer) => answers.map((id) => `${insurer.code},${id},${cell.get(id)}`))].join('\r\n'));
    const prefecture = bearer('prefecture', '24');

    const importing = http().post(`/fiscal-years/${FY}/prefectures/24/answers-import`).set('Authorization', prefecture).set('Content-Type', 'text/csv').send(csv).then((r) => r);
    // Restart the server once some insurers have landed.
    for (;;) {
      const client = new Client({ connectionString: url });
      await client.connect();
      const { rows: [{ n }] } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE type = 'AnswersSaved'`);
      await client.end();
      if (n >= 20) break;
    }
    await server.restart();
    const first = await importing;
    expect([first.status, first.body.code]).toEqual([503, 'IMPORT.INTERRUPTED']);
    // The database's own words (and the store's detail) stay in the log.
    expect(first.body.message).not.toMatch(/Event store unavailable:|terminating|ECONN|connection (terminated|refused)/i);
    const { landedInsurers, notLandedInsurers, notLandedLines } = first.body.details as { landedInsurers: string[]; notLandedInsurers: string[]; notLandedLines: number[] };
    expect(landedInsurers.length).toBeGreaterThanOrEqual(20);
    expect(landedInsurers.length + notLandedInsurers.length).toBe(400);
    expect(notLandedLines).toHaveLength(notLandedInsurers.length * answers.length);

    // Every insurer reported as landed is in the store; the others are not (or, if their commit raced the restart, once).
    const stored = async () =>
      (await (app.get(EventStore) as PostgresEventStore).connectionPool.query<{ stream_id: string; n: number }>(
        `SELECT stream_id, count(*)::int AS n FROM events WHERE type = 'AnswersSaved' GROUP BY stream_id`,
      )).rows;
    const afterRestart = new Map((await stored()).map((r) => [r.stream_id.slice(-6), r.n]));
    for (const code of landedInsurers) expect(afterRestart.get(code)).toBe(1);
    expect([...afterRestart.keys()].filter((code) => notLandedInsurers.includes(code)).length).toBeLessThanOrEqual(1);

    const again = await http().post(`/fiscal-years/${FY}/prefectures/24/answers-import`).set('Authorization', prefecture).set('Content-Type', 'text/csv').send(csv).expect(200);
    expect(again.body.insurers).toBe(400);
    expect(again.body.applied).toBeGreaterThanOrEqual(notLandedInsurers.length - 1);
    const final = await stored();
    expect(final).toHaveLength(400);
    expect(final.every((r) => r.n === 1)).toBe(true);
    await checkAudit(app);
  }, 120_000);
});

describe('faults: every command delivered twice, and 50 reviewers racing on one submission', () => {
  let testApp: TestApp;
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  const reviewer = bearer('national-reviewer', 'MHLW', 'reviewer-1');
  const insurers = ['01', '01', '24', '24'].map((pref, i) => ({ code: withCheckDigit(`${pref}${String(200 + i).padStart(3, '0')}`), name: `町${i}`, category1InsuredPersons: 10_000 * (i + 1) }));
  const due = 4_000;
  let framework: Framework;
  let prefectural: Framework;

  beforeAll(async () => {
    testApp = await startTestApp();
    app = testApp.app;
  });
  afterAll(async () => testApp?.close());

  /**
   * Delivers one command twice with the same Idempotency-Key, as a client retrying after a lost response would:
   * the second delivery answers as the first did and stores nothing.
   */
  async function twice(method: 'post' | 'put', path: string, token: string, body: object | undefined, status: number): Promise<request.Response> {
    const key = `retry-${Math.random().toString(36).slice(2)}`;
    const send = () => {
      const call = http()[method](path).set('Authorization', token).set('Idempotency-Key', key);
      return body === undefined ? call : call.send(body);
    };
    const first = await send();
    expect([path, first.status]).toEqual([path, status]);
    const head = await app.get(EventStore).headPosition();
    const second = await send();
    expect([path, second.status]).toEqual([path, status]);
    const strip = ({ idempotentReplay: _replay, ...rest }: Record<string, unknown>) => rest;
    expect([path, strip(second.body)]).toEqual([path, strip(first.body)]);
    if ('idempotentReplay' in first.body) expect([path, second.body.idempotentReplay]).toEqual([path, true]);
    expect([path, await app.get(EventStore).headPosition()]).toEqual([path, head]);
    return first;
  }

  it('carries a fiscal year from opening to a recalculation with every command delivered twice, storing each once', async () => {
    const opened = Date.now();
    await twice('post', '/fiscal-years', admin, openFiscalYearBody(FY, new Date(opened + due)), 201);
    await twice('put', `/fiscal-years/${FY}/insurers`, admin, { insurers }, 200);
    framework = (await http().get(`/fiscal-years/${FY}/frameworks/municipal`).set('Authorization', admin).expect(200)).body;
    prefectural = (await http().get(`/fiscal-years/${FY}/frameworks/prefectural`).set('Authorization', admin).expect(200)).body;
    for (const insurer of insurers) {
      const token = bearer('insurer', insurer.code);
      await twice('put', `/fiscal-years/${FY}/submissions/${insurer.code}/answers`, token, { answers: fullAnswers(framework) }, 200);
      await twice('post', `/fiscal-years/${FY}/submissions/${insurer.code}/submit`, token, undefined, 200);
    }
    await twice('post', `/fiscal-years/${FY}/submissions/${insurers[2].code}/return`, bearer('prefecture', '24'), { reason: '添付資料の不足' }, 200);
    await twice('put', `/fiscal-years/${FY}/submissions/${insurers[2].code}/answers`, bearer('insurer', insurers[2].code), { answers: fullAnswers(framework) }, 200);
    await twice('post', `/fiscal-years/${FY}/submissions/${insurers[2].code}/submit`, bearer('insurer', insurers[2].code), undefined, 200);
    for (const pref of ['01', '24']) {
      const token = bearer('prefecture', pref);
      await twice('put', `/fiscal-years/${FY}/prefectures/${pref}/answers`, token, { answers: fullAnswers(prefectural) }, 200);
      await twice('put', `/fiscal-years/${FY}/prefectures/${pref}/requested-amounts`, token, { suishinYen: '20000000', shienYen: '18000000' }, 200);
      await twice('post', `/fiscal-years/${FY}/prefectures/${pref}/submit`, token, undefined, 200);
    }
    await new Promise((done) => setTimeout(done, Math.max(0, opened + due + 300 - Date.now())));
    await twice('post', `/fiscal-years/${FY}/phase`, admin, { to: 'submissions_closed' }, 200);
  }, 60_000);

  it('lets exactly one of 50 concurrent conflicting corrections win per version; the others get 412 and store nothing', async () => {
    const code = insurers[0].code;
    for (let round = 0; round < 2; round += 1) {
      const current = await http().get(`/fiscal-years/${FY}/submissions/${code}`).set('Authorization', reviewer).expect(200);
      const etag = current.headers.etag as string;
      const head = await app.get(EventStore).headPosition();
      const responses = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          http()
            .post(`/fiscal-years/${FY}/submissions/${code}/reviews`)
            .set('Authorization', bearer('national-reviewer', 'MHLW', `reviewer-${i}`))
            .set('If-Match', etag)
            .send({ indicatorId: 'suishin-I-i-1', decision: 'corrected', answer: { answerType: 'yes_no', yes: i % 2 === 0 }, reason: `審査員 ${i} の訂正` }),
        ),
      );
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 412)).toHaveLength(49);
      expect(responses.find((r) => r.status === 412)?.body.code).toBe('EVENT_STORE.WRONG_EXPECTED_VERSION');
      expect(await app.get(EventStore).headPosition()).toBe(head + 1n);
    }
  }, 60_000);

  it('goes on to scoring, a trial, finalization by two people, a correction by two people and a recalculation, each delivered twice', async () => {
    for (const { indicator } of frameworkIndicators(framework)) {
      if (indicator.answerType !== 'numeric') continue;
      const figures = insurers.map((insurer, k) => ({ code: insurer.code, value: 100 - k }));
      await twice('put', `/fiscal-years/${FY}/national-figures/${indicator.id}`, reviewer, { figures }, 200);
    }
    for (const { indicator } of frameworkIndicators(prefectural)) {
      if (indicator.answerType !== 'numeric') continue;
      const figures = Array.from({ length: 47 }, (_, p) => ({ code: String(p + 1).padStart(2, '0'), value: 100 - p }));
      await twice('put', `/fiscal-years/${FY}/national-figures/${indicator.id}`, reviewer, { figures }, 200);
    }
    await twice('post', `/fiscal-years/${FY}/phase`, admin, { to: 'review_completed' }, 200);
    await twice('post', `/fiscal-years/${FY}/phase`, admin, { to: 'scored' }, 200);
    const calc = `/fiscal-years/${FY}/calculations`;
    await twice('post', `${calc}/trials`, admin, undefined, 201);
    await twice('post', `${calc}/finalization-request`, admin, { trialNumber: 1 }, 200);
    await twice('post', `${calc}/finalization-approval`, bearer('national-admin', 'MHLW', 'admin-2'), undefined, 200);
    const requested = await twice('post', `${calc}/score-corrections`, admin, { level: 'municipal', code: insurers[1].code, grant: 'suishin', score: 0, reason: '監査で不備が判明' }, 200);
    await twice('post', `${calc}/score-corrections/${requested.body.correctionId}/approval`, bearer('national-admin', 'MHLW', 'admin-2'), undefined, 200);
    await twice('post', `${calc}/recalculations`, admin, undefined, 201);
    const counts = await testApp.db.superuserQuery<{ type: string; n: number }>(`SELECT type, count(*)::int AS n FROM events GROUP BY type`);
    const count = new Map(counts.map((c) => [c.type, c.n]));
    expect(count.get('FiscalYearOpened')).toBe(1);
    expect(count.get('GrantTrialCalculated')).toBe(1);
    expect(count.get('GrantsFinalized')).toBe(1);
    expect(count.get('GrantsRecalculated')).toBe(1);
    expect(count.get('ScoreCorrectionRequested')).toBe(1);
    expect(count.get('ScoreCorrected')).toBe(1);
    expect(count.get('SubmissionSubmitted')).toBe(5);
    await checkAudit(app);
    const report = replayFiscalYear(FY, await app.get(EventStore).readAll({ maxCount: 100_000 }));
    // The scoring, the trial, the finalization request and approval, the correction request and approval, the recalculation.
    expect(report.decisions).toBe(7);
  }, 60_000);
});
