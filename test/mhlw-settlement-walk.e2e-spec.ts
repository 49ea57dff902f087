import { setTimeout as sleep } from 'node:timers/promises';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { EventStore, ProjectionRunner } from '@grants/event-store';
import { createTestDatabase } from '@grants/testing';
import { replayCommand } from '../apps/cli/src/replay.command';
import { calculatePools, formatJstWareki, Framework, frameworkIndicators, jstDate, PREFECTURES, withCheckDigit } from '@grants/domain';
import type { CalculationInputs, RecordedPool } from '@grants/domain';
import { simpleAnswers } from './support/fiscal-year';
import { startTestApp, TestApp } from './support/test-app';
import { bearer } from './support/tokens';

/**
 * A year under mhlw-fy2024-v1 walked over HTTP through the ministry's workflow: submissions, a 差戻し after the
 * deadline and its resubmission, the national review, scoring, a trial, 内示, the 所要見込額 window (two municipalities
 * and a prefecture below their 案), 確定 with 追加交付 by two administrators, a correction after finalization approved
 * by a second administrator, the recalculation and the steps after it. The 交付額一覧 is checked cell by cell against
 * amounts the test computes with the pure calculatePools, and the audit replay reproduces every decision.
 */
const FY = 'FY2024';
const admin = bearer('national-admin', 'MHLW', 'admin-1');
const admin2 = bearer('national-admin', 'MHLW', 'admin-2');
const reviewer = bearer('national-reviewer', 'MHLW', 'reviewer-1');
const auditor = bearer('auditor', 'MHLW', 'auditor-1');
const mie = bearer('prefecture', '24');
const codes = ['24201', '24202', '24203', '24204'].map(withCheckDigit);
const insurers = codes.map((code, i) => ({ code, name: `テスト市${i + 1}`, category1InsuredPersons: 10_000 * (i + 1) }));
const POOLS = { suishinMunicipalYen: '10000000', suishinPrefecturalYen: '100000000', shienMunicipalYen: '20000000', shienPrefecturalYen: '100000000' };
const HOUR = 60 * 60 * 1000;
/** An instant written with the JST offset, as offices write it: 2025-03-31T15:00:00.000+09:00. */
const inJst = (at: Date) => new Date(at.getTime() + 9 * HOUR).toISOString().replace('Z', '+09:00');

type Amounts = { suishinYen: string; shienYen: string };
type Pool = RecordedPool;

/** 千円 as the list prints them: floored (also below zero). */
const k = (yen: bigint | null) => (yen === null ? '' : (yen >= 0n ? yen / 1000n : -((-yen + 999n) / 1000n)).toString());
const add = (values: (bigint | null)[]) => (values.every((v) => v === null) ? null : values.reduce<bigint>((sum, v) => sum + (v ?? 0n), 0n));
const recipientOf = (pools: readonly Pool[], pool: string, code: string) => pools.find((p) => p.pool === pool)?.recipients.find((r) => r.code === code);
const yenOr = (value: string | undefined) => (value === undefined ? null : BigInt(value));

/**
 * The rows the 交付額一覧 must hold for one level, worked out here: per recipient 推進 / 支援 / 合計 with three measures
 * each, in whole 千円; a row only for a recipient that gets something; yen per person truncated to two decimals; the
 * competition rank by 合計 paid; then 合計, 未配分 and うち端数.
 */
function expectedRows(
  level: 'municipal' | 'prefectural',
  measures: (pool: string, code: string) => (bigint | null)[],
  poolMeasures: (pool: string, key: 'unallocatedYen' | 'roundingRemainderYen') => (bigint | null)[],
  paidIndex: number,
  recipients: readonly string[],
  nameOf: (code: string) => string,
  personsOf: (code: string) => number | null,
): string[][] {
  const section = level === 'municipal' ? '市町村分' : '都道府県分';
  const rows = recipients
    .map((code) => {
      const suishin = measures(`suishin-${level}`, code);
      const shien = measures(`shien-${level}`, code);
      return { code, suishin, shien, total: suishin.map((v, i) => add([v, shien[i]])) };
    })
    .filter((row) => row.total.some((v) => v !== null && v !== 0n));
  const paid = (row: (typeof rows)[number]) => row.total[paidIndex] ?? 0n;
  const cells = (row: { suishin: (bigint | null)[]; shien: (bigint | null)[]; total: (bigint | null)[] }) => [...row.suishin, ...row.shien, ...row.total].map(k);
  const lines = rows.map((row) => {
    const persons = personsOf(row.code);
    const hundredths = persons ? (paid(row) * 100n) / BigInt(persons) : null;
    return [
      section,
      row.code,
      nameOf(row.code),
      persons === null ? '' : String(persons),
      ...cells(row),
      hundredths === null ? '' : `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, '0')}`,
      String(1 + rows.filter((other) => paid(other) > paid(row)).length),
    ];
  });
  const column = (key: 'suishin' | 'shien', i: number) => add(rows.map((row) => row[key][i]));
  const sumRow = { suishin: [0, 1, 2].map((i) => column('suishin', i)), shien: [0, 1, 2].map((i) => column('shien', i)) };
  const personsSum = rows.every((row) => personsOf(row.code) !== null) ? String(rows.reduce((n, row) => n + (personsOf(row.code) ?? 0), 0)) : '';
  const totalsRow = (name: string, persons: string, suishin: (bigint | null)[], shien: (bigint | null)[]) => [
    section,
    '',
    name,
    persons,
    ...cells({ suishin, shien, total: suishin.map((v, i) => add([v, shien[i]])) }),
    '',
    '',
  ];
  return [
    ...lines,
    totalsRow('合計', personsSum, sumRow.suishin, sumRow.shien),
    totalsRow('未配分', '', poolMeasures(`suishin-${level}`, 'unallocatedYen'), poolMeasures(`shien-${level}`, 'unallocatedYen')),
    totalsRow('うち端数', '', poolMeasures(`suishin-${level}`, 'roundingRemainderYen'), poolMeasures(`shien-${level}`, 'roundingRemainderYen')),
  ];
}

describe('a year under mhlw-fy2024-v1, from submissions to the steps after finalization, over HTTP', () => {
  let testApp: TestApp;
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  const binary = (res: request.Response, done: (error: Error | null, body: Buffer) => void) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  };
  let framework: Framework;
  let draft: Pool[];
  const municipalAsks = new Map<string, Amounts>();
  let prefectureAsk: Amounts;
  let inputs: CalculationInputs;
  let settled: Pool[];
  let recalculated: Pool[];

  beforeAll(async () => {
    testApp = await startTestApp();
    app = testApp.app;
  });
  afterAll(async () => testApp?.close());

  it('opens the year under a known rule only, takes the submissions, and reopens one sent back after the deadline', async () => {
    const dueAt = new Date(Date.now() + 8000);
    const deadlines = { submissionsDueAt: dueAt.toISOString(), prefectureSubmissionsDueAt: new Date(dueAt.getTime() + 100).toISOString(), reviewDueAt: new Date(dueAt.getTime() + 200).toISOString() };
    const unknown = await http().post('/fiscal-years').set('Authorization', admin).send({ fiscalYear: FY, pools: POOLS, deadlines, allocationRuleVersion: 'v1' }).expect(400);
    expect(unknown.body).toMatchObject({ code: 'FISCAL_YEAR.UNKNOWN_ALLOCATION_RULE', details: { known: expect.arrayContaining(['mhlw-fy2024-v1', 'municipal-score-x-insured-v1']) } });
    await http().post('/fiscal-years').set('Authorization', admin).send({ fiscalYear: FY, pools: POOLS, deadlines, allocationRuleVersion: 'mhlw-fy2024-v1' }).expect(201);
    const year = (await http().get(`/fiscal-years/${FY}`).set('Authorization', admin).expect(200)).body;
    expect(year).toMatchObject({
      phase: 'open',
      phases: ['open', 'submissions_closed', 'review_completed', 'scored', 'draft_published', 'requests_open', 'requests_closed', 'finalized'],
      nextPhase: 'submissions_closed',
      requestsDueAt: null,
      grantSteps: [],
    });

    await http().put(`/fiscal-years/${FY}/insurers`).set('Authorization', admin).send({ insurers }).expect(200);
    framework = (await http().get(`/fiscal-years/${FY}/frameworks/municipal`).set('Authorization', admin).expect(200)).body;
    for (const code of codes) {
      await http().put(`/fiscal-years/${FY}/submissions/${code}/answers`).set('Authorization', bearer('insurer', code)).send({ answers: simpleAnswers(framework) }).expect(200);
      await http().post(`/fiscal-years/${FY}/submissions/${code}/submit`).set('Authorization', bearer('insurer', code)).expect(200);
    }
    // The prefecture submits its own answers without a 所要見込額: in this workflow it states one in the window after 内示.
    const prefectural: Framework = (await http().get(`/fiscal-years/${FY}/frameworks/prefectural`).set('Authorization', admin).expect(200)).body;
    const early = await http().put(`/fiscal-years/${FY}/prefectures/24/requested-amounts`).set('Authorization', mie).send({ suishinYen: '1000', shienYen: '1000' }).expect(409);
    expect(early.body.code).toBe('REQUESTS.WINDOW_NOT_OPEN');
    await http().put(`/fiscal-years/${FY}/prefectures/24/answers`).set('Authorization', mie).send({ answers: simpleAnswers(prefectural) }).expect(200);
    await http().post(`/fiscal-years/${FY}/prefectures/24/submit`).set('Authorization', mie).expect(200);

    await sleep(Math.max(0, dueAt.getTime() + 300 - Date.now()));
    // 差戻し after the general deadline: the insurer may amend and resubmit until the prefecture's date.
    const late = codes[3];
    expect((await http().put(`/fiscal-years/${FY}/submissions/${late}/answers`).set('Authorization', bearer('insurer', late)).send({ answers: simpleAnswers(framework) }).expect(409)).body.code).toBe(
      'SUBMISSION.DEADLINE_PASSED',
    );
    const reopenUntil = new Date(Math.ceil((Date.now() + 10 * 60 * 1000) / 1000) * 1000);
    await http().post(`/fiscal-years/${FY}/submissions/${late}/return`).set('Authorization', mie).send({ reason: '根拠資料の不足', reopenUntil: inJst(reopenUntil) }).expect(200);
    const waiting = await http().get(`/fiscal-years/${FY}/readiness`).set('Authorization', admin).expect(200);
    expect(waiting.body.missing).toEqual([{ code: 'SUBMISSION.RETURNED_NOT_RESUBMITTED', insurerCode: late, message: expect.stringContaining(reopenUntil.toISOString()) }]);
    await http().put(`/fiscal-years/${FY}/submissions/${late}/answers`).set('Authorization', bearer('insurer', late)).send({ answers: simpleAnswers(framework) }).expect(200);
    await http().post(`/fiscal-years/${FY}/submissions/${late}/submit`).set('Authorization', bearer('insurer', late)).expect(200);
    // Another insurer stays closed.
    expect((await http().put(`/fiscal-years/${FY}/submissions/${codes[0]}/answers`).set('Authorization', bearer('insurer', codes[0])).send({ answers: simpleAnswers(framework) }).expect(409)).body.code).toBe(
      'SUBMISSION.DEADLINE_PASSED',
    );
    await http().post(`/fiscal-years/${FY}/phase`).set('Authorization', admin).send({ to: 'submissions_closed' }).expect(200);
  });

  it('reviews, records the national figures and scores', async () => {
    const corrected = frameworkIndicators(framework).find(({ indicator }) => indicator.answerType === 'yes_no')!.indicator.id;
    await http()
      .post(`/fiscal-years/${FY}/submissions/${codes[1]}/reviews`)
      .set('Authorization', reviewer)
      .send({ indicatorId: corrected, decision: 'corrected', answer: { answerType: 'yes_no', yes: false }, reason: '根拠資料で確認できませんでした。' })
      .expect(200);
    for (const { indicator } of frameworkIndicators(framework)) {
      if (indicator.answerType !== 'numeric') continue;
      const figures = codes.map((code, i) => ({ code, value: indicator.direction === 'higherIsBetter' ? 100 - i : i }));
      await http().put(`/fiscal-years/${FY}/national-figures/${indicator.id}`).set('Authorization', reviewer).send({ figures }).expect(200);
    }
    const prefectural: Framework = (await http().get(`/fiscal-years/${FY}/frameworks/prefectural`).set('Authorization', admin).expect(200)).body;
    for (const { indicator } of frameworkIndicators(prefectural)) {
      if (indicator.answerType !== 'numeric') continue;
      const figures = PREFECTURES.map(({ code }, p) => ({ code, value: indicator.direction === 'higherIsBetter' ? 100 - p : p }));
      await http().put(`/fiscal-years/${FY}/national-figures/${indicator.id}`).set('Authorization', reviewer).send({ figures }).expect(200);
    }
    await http().post(`/fiscal-years/${FY}/phase`).set('Authorization', admin).send({ to: 'review_completed' }).expect(200);
    await http().post(`/fiscal-years/${FY}/phase`).set('Authorization', admin).send({ to: 'scored' }).expect(200);
  });

  it('publishes a trial as the draft (内示) and opens the 所要見込額 window with its date', async () => {
    await http().post(`/fiscal-years/${FY}/calculations/trials`).set('Authorization', admin).expect(201);
    draft = (await http().get(`/fiscal-years/${FY}/calculations/latest`).set('Authorization', admin).expect(200)).body.pools;
    // The phase waits for the draft.
    const notYet = await http().post(`/fiscal-years/${FY}/phase`).set('Authorization', admin).send({ to: 'draft_published' }).expect(409);
    expect(notYet.body.details.missing.map((m: { code: string }) => m.code)).toEqual(['CALCULATION.NO_DRAFT']);
    expect((await http().post(`/fiscal-years/${FY}/phase`).set('Authorization', admin).send({ to: 'allocated' }).expect(409)).body.code).toBe('FISCAL_YEAR.PHASE_ORDER');
    await http().post(`/fiscal-years/${FY}/calculations/draft`).set('Authorization', admin).send({ trialNumber: 1 }).expect(200);
    await http().post(`/fiscal-years/${FY}/phase`).set('Authorization', admin).send({ to: 'draft_published' }).expect(200);
    const own = await http().get(`/fiscal-years/${FY}/calculations/draft/${codes[0]}`).set('Authorization', bearer('insurer', codes[0])).expect(200);
    expect(own.body.pools.map((p: { draftYen: string }) => p.draftYen)).toEqual(['suishin-municipal', 'shien-municipal'].map((pool) => recipientOf(draft, pool, codes[0])!.draftYen));
    await http().get(`/fiscal-years/${FY}/calculations/draft/${codes[1]}`).set('Authorization', bearer('insurer', codes[0])).expect(403);

    const before = await http().put(`/fiscal-years/${FY}/submissions/${codes[2]}/requested-amounts`).set('Authorization', bearer('insurer', codes[2])).send({ suishinYen: '1', shienYen: '1' }).expect(409);
    expect(before.body.code).toBe('REQUESTS.WINDOW_NOT_OPEN');
    expect((await http().post(`/fiscal-years/${FY}/phase`).set('Authorization', admin).send({ to: 'requests_open' }).expect(400)).body.errors[0].field).toBe('requestsDueAt');
    const requestsDueAt = new Date(Date.now() + HOUR);
    await http().post(`/fiscal-years/${FY}/phase`).set('Authorization', admin).send({ to: 'requests_open', requestsDueAt: inJst(requestsDueAt) }).expect(200);
    expect((await http().get(`/fiscal-years/${FY}`).set('Authorization', admin).expect(200)).body).toMatchObject({ phase: 'requests_open', requestsDueAt: requestsDueAt.toISOString(), nextPhase: 'requests_closed' });
    // No trial while the window is open.
    expect((await http().post(`/fiscal-years/${FY}/calculations/trials`).set('Authorization', admin).expect(409)).body.code).toBe('CALCULATION.NOT_SCORED');
  });

  it('takes requests in the window: two municipalities and the prefecture below their 案; none after it closes', async () => {
    const draftOf = (pool: string, code: string) => BigInt(recipientOf(draft, pool, code)!.draftYen!);
    municipalAsks.set(codes[2], { suishinYen: (draftOf('suishin-municipal', codes[2]) - 500_000n).toString(), shienYen: (draftOf('shien-municipal', codes[2]) - 1_000_000n).toString() });
    municipalAsks.set(codes[3], { suishinYen: (draftOf('suishin-municipal', codes[3]) - 300_000n).toString(), shienYen: (draftOf('shien-municipal', codes[3]) - 2_000_000n).toString() });
    await http().put(`/fiscal-years/${FY}/submissions/${codes[2]}/requested-amounts`).set('Authorization', bearer('insurer', codes[2])).send(municipalAsks.get(codes[2])).expect(200);
    await http().put(`/fiscal-years/${FY}/submissions/${codes[3]}/requested-amounts`).set('Authorization', mie).send(municipalAsks.get(codes[3])).expect(200);
    // The prefecture: 推進 below its 案 (the money freed goes to the other prefectures), 支援 above it (no cap).
    prefectureAsk = { suishinYen: (draftOf('suishin-prefectural', '24') - 500_000n).toString(), shienYen: (draftOf('shien-prefectural', '24') + 5_000_000n).toString() };
    await http().put(`/fiscal-years/${FY}/prefectures/24/requested-amounts`).set('Authorization', mie).send(prefectureAsk).expect(200);

    await http().post(`/fiscal-years/${FY}/phase`).set('Authorization', admin).send({ to: 'requests_closed' }).expect(200);
    const late = await http().put(`/fiscal-years/${FY}/submissions/${codes[0]}/requested-amounts`).set('Authorization', bearer('insurer', codes[0])).send({ suishinYen: '1', shienYen: '1' }).expect(409);
    expect(late.body).toMatchObject({ code: 'REQUESTS.WINDOW_CLOSED', details: { phase: 'requests_closed' } });
    expect((await http().put(`/fiscal-years/${FY}/prefectures/24/requested-amounts`).set('Authorization', mie).send(prefectureAsk).expect(409)).body.code).toBe('REQUESTS.WINDOW_CLOSED');
  });

  it('settles under the requests on 確定の起案 and finalizes with a second administrator, who sees the totals with 追加交付', async () => {
    // The inputs, gathered over HTTP as the service records them: scores, 第1号被保険者数, requests.
    const grantScores = (body: { grants: { grant: string; score: number }[] }) => ({
      suishin: body.grants.find((g) => g.grant === 'suishin')?.score ?? 0,
      shien: body.grants.find((g) => g.grant === 'shien')?.score ?? 0,
    });
    const requested = (ask: Amounts | undefined) => ask && { requestedYen: { suishin: BigInt(ask.suishinYen), shien: BigInt(ask.shienYen) } };
    const municipal = [];
    for (const insurer of insurers) {
      const score = (await http().get(`/fiscal-years/${FY}/scores/${insurer.code}`).set('Authorization', admin).expect(200)).body;
      municipal.push({ code: insurer.code, category1InsuredPersons: insurer.category1InsuredPersons, grantScores: grantScores(score), ...requested(municipalAsks.get(insurer.code)) });
    }
    const prefectures = [];
    for (const { code } of PREFECTURES) {
      const score = (await http().get(`/fiscal-years/${FY}/prefecture-scores/${code}`).set('Authorization', admin).expect(200)).body;
      prefectures.push({ code, grantScores: grantScores(score), ...requested(code === '24' ? prefectureAsk : undefined) });
    }
    inputs = { fiscalYear: FY, ruleVersion: 'mhlw-fy2024-v1', unitYen: 1000n, pools: POOLS, insurers: municipal, prefectures };
    settled = calculatePools(inputs).pools;

    // The requests as the municipal_request read model holds them once caught up (the settlement reads them there).
    await app.get(ProjectionRunner).waitFor(await app.get(EventStore).headPosition());
    const table = await testApp.db.superuserQuery<{ insurer_code: string; suishin_yen: string; shien_yen: string }>('SELECT insurer_code, suishin_yen, shien_yen FROM municipal_request ORDER BY insurer_code');
    expect(table.map((row) => [row.insurer_code, { suishinYen: row.suishin_yen, shienYen: row.shien_yen }])).toEqual([...municipalAsks.entries()].sort(([a], [b]) => a.localeCompare(b)));

    const asked = await http().post(`/fiscal-years/${FY}/calculations/finalization-request`).set('Authorization', admin).send({}).expect(200);
    expect(asked.body).toMatchObject({ trialNumber: 2, requestedBy: 'admin-1' });
    const recorded: Pool[] = (await http().get(`/fiscal-years/${FY}/calculations/latest`).set('Authorization', admin).expect(200)).body.pools;
    for (const pool of settled) {
      for (const expected of pool.recipients) {
        const got = recipientOf(recorded, pool.pool, expected.code)!;
        expect([pool.pool, got.code, got.draftYen, got.additionalYen, got.amountYen]).toEqual([pool.pool, expected.code, expected.draftYen, expected.additionalYen, expected.amountYen]);
        // The 案 settled is the one published.
        expect(got.draftYen).toBe(recipientOf(draft, pool.pool, expected.code)!.draftYen);
      }
    }
    // Those who asked for less get exactly their request; the others 案 + 追加交付, and some 追加交付 is paid.
    for (const [code, ask] of municipalAsks) {
      expect(recipientOf(recorded, 'suishin-municipal', code)!.amountYen).toBe(ask.suishinYen);
      expect(recipientOf(recorded, 'shien-municipal', code)!.amountYen).toBe(ask.shienYen);
    }
    expect(recipientOf(recorded, 'suishin-prefectural', '24')!.amountYen).toBe(prefectureAsk.suishinYen);
    expect(recorded.find((p) => p.pool === 'suishin-prefectural')!.recipients.some((r) => r.code !== '24' && BigInt(r.additionalYen!) > 0n)).toBe(true);
    expect(recipientOf(recorded, 'shien-prefectural', '24')!.amountYen).toBe(recipientOf(draft, 'shien-prefectural', '24')!.draftYen);
    expect(BigInt(recipientOf(recorded, 'suishin-municipal', codes[0])!.additionalYen!)).toBeGreaterThan(0n);

    const pending = (await http().get(`/fiscal-years/${FY}/calculations/pending`).set('Authorization', admin2).expect(200)).body.finalization;
    expect(pending).toMatchObject({ trialNumber: 2, requestedBy: 'admin-1' });
    expect(pending.pools).toEqual(
      settled.map((p) => ({ pool: p.pool, poolYen: p.poolYen, placedYen: p.placedYen, unallocatedYen: p.unallocatedYen, draftYen: p.draftYen, additionalYen: p.additionalYen, recipients: p.recipients.length })),
    );
    expect((await http().post(`/fiscal-years/${FY}/calculations/finalization-approval`).set('Authorization', admin).expect(403)).body.code).toBe('CALCULATION.SAME_PERSON');
    const approved = await http().post(`/fiscal-years/${FY}/calculations/finalization-approval`).set('Authorization', admin2).expect(200);
    expect(approved.body).toMatchObject({ trialNumber: 2, requestedBy: 'admin-1', approvedBy: 'admin-2' });
    await http().post(`/fiscal-years/${FY}/phase`).set('Authorization', admin).send({ to: 'finalized' }).expect(200);

    // Why this amount, for an insurer that asked for nothing: the floor rounding, its 案 and 追加交付 as recorded.
    const why = await http().get(`/fiscal-years/${FY}/calculations/why/${codes[0]}`).set('Authorization', bearer('insurer', codes[0])).expect(200);
    const suishin = why.body.pools.find((p: { pool: string }) => p.pool === 'suishin-municipal');
    expect(suishin.rounding).toContain('切り捨て');
    expect(BigInt(suishin.amountYen)).toBe(BigInt(suishin.draftYen) + BigInt(suishin.additionalYen));
    expect(BigInt(suishin.additionalYen)).toBeGreaterThan(0n);
  });

  it('corrects a score after finalization with a second administrator, recalculates, and records the steps after it', async () => {
    const calc = `/fiscal-years/${FY}/calculations`;
    const correction = await http().post(`${calc}/score-corrections`).set('Authorization', admin).send({ level: 'municipal', code: codes[0], grant: 'suishin', score: 0, reason: '監査で根拠資料の不備が判明。' }).expect(200);
    expect(correction.body).toMatchObject({ status: 'pending', correctionId: '1' });
    expect((await http().post(`${calc}/score-corrections/1/approval`).set('Authorization', admin).expect(403)).body.code).toBe('CALCULATION.SAME_PERSON');
    await http().post(`${calc}/score-corrections/1/approval`).set('Authorization', admin2).expect(200);
    const recalculation = await http().post(`${calc}/recalculations`).set('Authorization', admin).expect(201);
    recalculated = calculatePools({ ...inputs, insurers: inputs.insurers.map((i) => (i.code === codes[0] ? { ...i, grantScores: { ...i.grantScores, suishin: 0 } } : i)) }).pools;
    const finalSuishin = BigInt(recipientOf(settled, 'suishin-municipal', codes[0])!.amountYen);
    expect(recalculation.body.differences).toContainEqual({ pool: 'suishin-municipal', code: codes[0], finalAmountYen: finalSuishin.toString(), newAmountYen: '0', differenceYen: (-finalSuishin).toString() });

    // 交付申請 → 交付決定 → 実績報告 → 額の確定 → 返還 (money is due back: the corrected insurer's 推進).
    const today = jstDate(new Date());
    const steps = ['application', 'decision', 'performance_report', 'amount_confirmation', 'refund'];
    expect((await http().post(`/fiscal-years/${FY}/grant-steps`).set('Authorization', admin).send({ step: 'decision', date: today, reason: '交付決定通知' }).expect(409)).body.code).toBe('GRANT_STEP.ORDER');
    await http().post(`/fiscal-years/${FY}/grant-steps`).set('Authorization', mie).send({ step: 'application', date: today, reason: 'x' }).expect(403);
    for (const step of steps) {
      await http().post(`/fiscal-years/${FY}/grant-steps`).set('Authorization', admin).send({ step, date: today, reason: `${step}: 文書番号 ${FY}-1` }).expect(200);
    }
    const year = (await http().get(`/fiscal-years/${FY}`).set('Authorization', auditor).expect(200)).body;
    expect(year.grantSteps.map((s: { step: string; title: string; date: string; recordedBy: string }) => [s.step, s.title, s.date, s.recordedBy])).toEqual([
      ['application', '交付申請', today, 'admin-1'],
      ['decision', '交付決定', today, 'admin-1'],
      ['performance_report', '実績報告', today, 'admin-1'],
      ['amount_confirmation', '額の確定', today, 'admin-1'],
      ['refund', '返還', today, 'admin-1'],
    ]);
    expect(year).toMatchObject({ phase: 'finalized', nextPhase: null });
  });

  it('lists the finalized 案 / 追加交付 / 確定 and the recalculation’s 確定 / 再算定 / 差額, cell by cell as computed here', async () => {
    const times = await testApp.db.superuserQuery<{ type: string; at: string }>(
      `SELECT type, COALESCE(data->>'finalizedAt', data->>'calculatedAt') AS at FROM events WHERE type IN ('GrantsFinalized', 'GrantsRecalculated') ORDER BY position`,
    );
    const at = (type: string) => formatJstWareki(times.find((t) => t.type === type)!.at);
    const nameOf = (code: string) => insurers.find((i) => i.code === code)?.name ?? PREFECTURES.find((p) => p.code === code)!.name;
    const personsOf = (level: 'municipal' | 'prefectural') => (code: string) =>
      level === 'municipal' ? insurers.find((i) => i.code === code)!.category1InsuredPersons : code === '24' ? insurers.reduce((n, i) => n + i.category1InsuredPersons, 0) : null;
    const codesOf = (level: 'municipal' | 'prefectural') => (level === 'municipal' ? codes : PREFECTURES.map((p) => p.code));
    const read = async (query: string) => {
      const csv = await http().get(`/fiscal-years/${FY}/calculations/report${query}`).set('Authorization', admin).buffer(true).parse(binary).expect(200);
      return (csv.body as Buffer).subarray(3).toString('utf8').trim().split('\r\n').map((line) => line.split(','));
    };
    const check = (cells: string[][], measures: string[], label: string, decidedAt: string, rows: string[][]) => {
      expect(cells[0]).toEqual([
        '区分', '団体コード', '団体名', '第1号被保険者数',
        ...['推進交付金', '支援交付金', '合計'].flatMap((grant) => measures.map((m) => `${grant}・${m}（千円）`)),
        '1人当たり交付額（円）', '順位', '交付年度', '評価対象年度', '算定', '算定日時（JST）',
      ]);
      const byKey = (row: string[]) => `${row[0]}|${row[1]}|${row[2]}`;
      expect(cells.slice(1).map(byKey).sort()).toEqual(rows.map(byKey).sort());
      for (const row of rows) {
        expect(cells.find((c) => byKey(c) === byKey(row))).toEqual([...row, '令和6年度', '令和5年度', label, decidedAt]);
      }
    };

    // The finalized list: 案 / 追加交付 / 確定 of the settlement.
    const final = await read('?calculation=final');
    const finalRows = (['municipal', 'prefectural'] as const).flatMap((level) =>
      expectedRows(
        level,
        (pool, code) => {
          const r = recipientOf(settled, pool, code);
          return [yenOr(r?.draftYen), yenOr(r?.additionalYen), yenOr(r?.amountYen)];
        },
        (pool, key) => [null, null, yenOr(settled.find((p) => p.pool === pool)![key])],
        2,
        codesOf(level),
        nameOf,
        personsOf(level),
      ),
    );
    check(final, ['案', '追加交付', '確定'], '確定', at('GrantsFinalized'), finalRows);

    // In force: the recalculation, beside the finalized amounts.
    const inForce = await read('');
    const recalcRows = (['municipal', 'prefectural'] as const).flatMap((level) =>
      expectedRows(
        level,
        (pool, code) => {
          const before = BigInt(recipientOf(settled, pool, code)?.amountYen ?? '0');
          const after = BigInt(recipientOf(recalculated, pool, code)?.amountYen ?? '0');
          return [before, after, after - before];
        },
        (pool, key) => {
          const before = BigInt(settled.find((p) => p.pool === pool)![key]!);
          const after = BigInt(recalculated.find((p) => p.pool === pool)![key]!);
          return [before, after, after - before];
        },
        1,
        codesOf(level),
        nameOf,
        personsOf(level),
      ),
    );
    check(inForce, ['確定', '再算定', '差額（追加交付・返還）'], '再算定1', at('GrantsRecalculated'), recalcRows);
  });

  it('rebuilds the municipal_request read model from the events alone to exactly the live rows', async () => {
    const runner = app.get(ProjectionRunner);
    await runner.waitFor(await app.get(EventStore).headPosition());
    const snapshot = () => testApp.db.superuserQuery('SELECT to_jsonb(r) AS row FROM municipal_request r ORDER BY to_jsonb(r)::text');
    const live = await snapshot();
    expect(live).toHaveLength(municipalAsks.size);
    await runner.stop();
    await runner.rebuild();
    expect(await snapshot()).toEqual(live);
    runner.start();

    // The auditors' replay into an empty read store rebuilds it too, and finds every decision reproduced.
    const fresh = await createTestDatabase();
    try {
      const printed: string[] = [];
      expect(await replayCommand(['--fiscal-year', FY, '--read-store', fresh.url], { DATABASE_URL: testApp.db.url }, { out: (line: string) => printed.push(line) })).toBe(0);
      expect(printed).toContain(`read model municipal_request: ${municipalAsks.size} rows rebuilt, equal to the live rows`);
    } finally {
      await fresh.drop();
    }
  });

  it('replays the year from its events alone, reproducing every decision (the settlement and the recalculation included)', async () => {
    const replay = await http().get(`/audit/fiscal-years/${FY}/replay`).set('Authorization', auditor).expect(200);
    expect(replay.body).toMatchObject({ fiscalYear: FY, mismatches: [], reproduced: true });
    // The scores, trial 1, the settlement (trial 2) and the recalculation at least.
    expect(replay.body.decisions).toBeGreaterThanOrEqual(4);
  });
});
