import { setTimeout as sleep } from 'node:timers/promises';
import { INestApplication } from '@nestjs/common';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import {
  formatJstWareki,
  fiscalYearOfStream,
  Framework,
  frameworkIndicators,
  grantCalculationStreamId,
  historyAsOf,
  parsePointInLog,
  prefectureSubmissionStreamId,
  recipientTimeline,
  recipientView,
  replayFiscalYear,
  withCheckDigit,
  withinPoint,
} from '@grants/domain';
import { EventStore, PostgresEventStore, ProjectionRunner, Upcasters, verifyChain } from '@grants/event-store';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asOfCommand, diffCommand, exportCommand, timelineCommand } from '../apps/cli/src/audit.commands';
import { main as cliMain } from '../apps/cli/src/main';
import { EXIT_NOT_REPRODUCED, replayCommand } from '../apps/cli/src/replay.command';
import { evolveSubmissionOverview, SubmissionOverviewRow } from '../apps/api/src/submission/submission-overview.projection';
import { createTestDatabase } from '@grants/testing';
import { startTestApp, TestApp } from './support/test-app';
import { bearer } from './support/tokens';

/**
 * One small fiscal year from opening to scored over HTTP: 3 prefectures × 7 insurers, answers, a 差戻し, a reviewer's
 * correction, national figures, scoring. The expected scores are computed here by hand from the framework's points
 * and bands (not by the scoring code).
 */
const FY = 'FY2024';
const admin = bearer('national-admin', 'MHLW', 'admin-1');
const reviewer = bearer('national-reviewer', 'MHLW', 'reviewer-1');
const PREFECTURES = ['01', '13', '24'];
const insurers = PREFECTURES.flatMap((pref, p) =>
  Array.from({ length: 7 }, (_, i) => ({
    code: withCheckDigit(`${pref}${String(200 + 2 * i + p).padStart(3, '0')}`),
    // One name as a hostile spreadsheet user would type it: the exports must neutralise it.
    name: pref === '13' && i === 6 ? "=cmd|' /C calc'!A0" : `テスト市${pref}-${i + 1}`,
    category1InsuredPersons: 10_000 * (i + 1) + p,
  })),
).sort((a, b) => (a.code < b.code ? -1 : 1));
const N = insurers.length;
const PREFECTURE_CODES = Array.from({ length: 47 }, (_, i) => String(i + 1).padStart(2, '0'));

describe('one fiscal year from opening to scored', () => {
  let testApp: TestApp;
  let app: INestApplication;
  let framework: Framework;
  let prefectural: Framework;
  const http = () => request(app.getHttpServer());
  // Far enough ahead that a loaded machine still submits in time; the administrator closes early when the walk is
  // ready to (ChangeDeadline), as an office would.
  const submissionsDueAt = new Date(Date.now() + 30 * 60_000);

  beforeAll(async () => {
    testApp = await startTestApp();
    app = testApp.app;
  });
  afterAll(async () => testApp?.close());

  /** Full marks on every self-assessed indicator: yes, or the options worth the indicator's points. */
  function fullAnswers(of: Framework = framework) {
    const answers: Record<string, object> = {};
    for (const { indicator } of frameworkIndicators(of)) {
      if (indicator.answerType === 'yes_no') answers[indicator.id] = { answerType: 'yes_no', yes: true };
      if (indicator.answerType === 'choice') {
        const ids = indicator.selection === 'single' ? [indicator.options.find((o) => o.points === indicator.points)!.id] : indicator.options.map((o) => o.id);
        answers[indicator.id] = { answerType: 'choice', optionIds: ids };
      }
    }
    return answers;
  }

  it('opens the year and registers 21 insurers in 3 prefectures', async () => {
    await http()
      .post('/fiscal-years')
      .set('Authorization', admin)
      .send({
        fiscalYear: FY,
        pools: { suishinMunicipalYen: '19000000000', suishinPrefecturalYen: '1000000000', shienMunicipalYen: '19000000000', shienPrefecturalYen: '1000000000' },
        deadlines: {
          submissionsDueAt: submissionsDueAt.toISOString(),
          prefectureSubmissionsDueAt: new Date(submissionsDueAt.getTime() + 100).toISOString(),
          reviewDueAt: new Date(submissionsDueAt.getTime() + 200).toISOString(),
        },
        allocationRuleVersion: 'municipal-score-x-insured-v1',
      })
      .expect(201);
    framework = (await http().get(`/fiscal-years/${FY}/frameworks/municipal`).set('Authorization', admin).expect(200)).body;
    const registered = await http().put(`/fiscal-years/${FY}/insurers`).set('Authorization', admin).send({ insurers }).expect(200);
    expect(registered.body.changed).toBe(N);
    const again = await http().put(`/fiscal-years/${FY}/insurers`).set('Authorization', admin).send({ insurers }).expect(200);
    expect(again.body.changed).toBe(0);
    const mie = await http().get(`/fiscal-years/${FY}/insurers?prefecture=24`).set('Authorization', admin).expect(200);
    expect(mie.body.count).toBe(7);
  });

  it('rejects a register row with a bad check digit, naming it, and stores nothing', async () => {
    const bad = { ...insurers[0], code: insurers[0].code.slice(0, 5) + String((Number(insurers[0].code[5]) + 1) % 10) };
    const response = await http().put(`/fiscal-years/${FY}/insurers`).set('Authorization', admin).send({ insurers: [bad] }).expect(400);
    expect(response.body.errors[0].field).toBe('insurers[0].code');
  });

  it('takes every insurer’s answers and submission; a prefecture sends one back and it is resubmitted', async () => {
    for (const [i, insurer] of insurers.entries()) {
      // The last insurer of each prefecture is entered by its prefecture on its behalf.
      const token = i % 7 === 6 ? bearer('prefecture', insurer.code.slice(0, 2)) : bearer('insurer', insurer.code);
      await http().put(`/fiscal-years/${FY}/submissions/${insurer.code}/answers`).set('Authorization', token).send({ answers: fullAnswers() }).expect(200);
      await http().post(`/fiscal-years/${FY}/submissions/${insurer.code}/submit`).set('Authorization', token).expect(200);
    }
    const target = insurers.find((i) => i.code.startsWith('24'))!;
    const mie = bearer('prefecture', '24', 'mie-1');
    await http().post(`/fiscal-years/${FY}/submissions/${target.code}/return`).set('Authorization', mie).send({ reason: '根拠資料の確認のため差戻します。' }).expect(200);
    const insurerToken = bearer('insurer', target.code);
    await http().put(`/fiscal-years/${FY}/submissions/${target.code}/answers`).set('Authorization', insurerToken).send({ answers: fullAnswers() }).expect(200);
    await http().post(`/fiscal-years/${FY}/submissions/${target.code}/submit`).set('Authorization', insurerToken).expect(200);
    const view = await http().get(`/fiscal-years/${FY}/submissions/${target.code}`).set('Authorization', mie).expect(200);
    expect(view.body.status).toBe('submitted');
    expect(view.body.history.map((h: { type: string }) => h.type)).toEqual(['AnswersSaved', 'SubmissionSubmitted', 'SubmissionReturned', 'AnswersSaved', 'SubmissionSubmitted']);
    expect(view.body.history[2]).toMatchObject({ role: 'prefecture', actorId: 'mie-1', reason: '根拠資料の確認のため差戻します。' });

    // The read model catches up with the log: every insurer of Mie submitted, one of them after a 差戻し.
    await app.get(ProjectionRunner).waitFor(await app.get(EventStore).headPosition());
    const list = await http().get(`/fiscal-years/${FY}/submissions?prefecture=24`).set('Authorization', mie).expect(200);
    expect(list.body.count).toBe(7);
    expect(list.body.submissions.every((s: { status: string }) => s.status === 'submitted')).toBe(true);
    expect(list.body.submissions.find((s: { insurerCode: string }) => s.insurerCode === target.code)).toMatchObject({ returnedCount: 1, version: '4' });
    await http().get(`/fiscal-years/${FY}/submissions`).set('Authorization', mie).expect(403);
    await http().get(`/fiscal-years/${FY}/submissions?prefecture=13`).set('Authorization', mie).expect(403);
  });

  it('takes each prefecture’s own answers and requested amounts (所要見込額)', async () => {
    const prefectural: Framework = (await http().get(`/fiscal-years/${FY}/frameworks/prefectural`).set('Authorization', admin).expect(200)).body;
    for (const [p, pref] of PREFECTURES.entries()) {
      const token = bearer('prefecture', pref);
      await http().put(`/fiscal-years/${FY}/prefectures/${pref}/answers`).set('Authorization', token).send({ answers: fullAnswers(prefectural) }).expect(200);
      const incomplete = await http().post(`/fiscal-years/${FY}/prefectures/${pref}/submit`).set('Authorization', token).expect(409);
      expect(incomplete.body).toMatchObject({ code: 'SUBMISSION.INCOMPLETE', details: { missing: ['requestedAmounts'] } });
      const amounts = { suishinYen: String(20_000_000 + p * 1_000_000), shienYen: String(18_000_000 + p * 500_000) };
      if (p === 0) {
        // Hokkaido's amounts as the first release recorded them (schema 1: 千円 as numbers): every reader, the
        // calculation and the audit replay see them through the upcaster, while the stored event stays as it was.
        await app.get(EventStore).append(
          prefectureSubmissionStreamId(FY, pref),
          [{ type: 'RequestedAmountsSet', schemaVersion: 1, data: { fiscalYear: FY, prefectureCode: pref, suishinThousandYen: 20_000, shienThousandYen: 18_000, setAt: new Date().toISOString() } }],
          { expectedVersion: 'stream_exists', metadata: { actorId: 'hokkaido-1', actorRole: 'prefecture', organisationCode: pref, commandId: randomUUID() } },
        );
      } else {
        await http().put(`/fiscal-years/${FY}/prefectures/${pref}/requested-amounts`).set('Authorization', token).send(amounts).expect(200);
      }
      await http().post(`/fiscal-years/${FY}/prefectures/${pref}/submit`).set('Authorization', token).expect(200);
      const view = await http().get(`/fiscal-years/${FY}/prefectures/${pref}`).set('Authorization', admin).expect(200);
      expect(view.body).toMatchObject({ status: 'submitted', requested: amounts });
    }
    const negative = await http().put(`/fiscal-years/${FY}/prefectures/13/requested-amounts`).set('Authorization', bearer('prefecture', '13')).send({ suishinYen: '-5', shienYen: '1.5' }).expect(400);
    expect(negative.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['shienYen', 'suishinYen']);
    await http().put(`/fiscal-years/${FY}/prefectures/13/requested-amounts`).set('Authorization', bearer('prefecture', '24')).send({ suishinYen: '5', shienYen: '5' }).expect(403);
    await http().put(`/fiscal-years/${FY}/prefectures/13/requested-amounts`).set('Authorization', bearer('insurer', insurers[0].code)).send({ suishinYen: '5', shienYen: '5' }).expect(403);
    const afterSubmit = await http().put(`/fiscal-years/${FY}/prefectures/13/requested-amounts`).set('Authorization', bearer('prefecture', '13')).send({ suishinYen: '5', shienYen: '5' }).expect(409);
    expect(afterSubmit.body.code).toBe('SUBMISSION.ALREADY_SUBMITTED');
  });

  it('keeps organisations in their scope and refuses amending a submitted self-evaluation', async () => {
    const [hokkaido, , , , , , , tokyo] = insurers;
    const answers = { answers: fullAnswers() };
    expect((await http().put(`/fiscal-years/${FY}/submissions/${hokkaido.code}/answers`).set('Authorization', bearer('insurer', tokyo.code)).send(answers).expect(403)).body.code).toBe('AUTH.OUT_OF_SCOPE');
    expect((await http().post(`/fiscal-years/${FY}/submissions/${hokkaido.code}/return`).set('Authorization', bearer('prefecture', '24')).send({ reason: 'x' }).expect(403)).body.code).toBe('AUTH.OUT_OF_SCOPE');
    expect((await http().put(`/fiscal-years/${FY}/submissions/${hokkaido.code}/answers`).set('Authorization', bearer('insurer', hokkaido.code)).send(answers).expect(409)).body.code).toBe('SUBMISSION.ALREADY_SUBMITTED');
    const malformed = await http().put(`/fiscal-years/${FY}/submissions/${hokkaido.code}/answers`).set('Authorization', bearer('insurer', hokkaido.code)).send({ answers: { 'suishin-I-i-1': { answerType: 'yes_no', yes: 'maybe' } } }).expect(400);
    expect(malformed.body.errors[0].field).toBe('answers.suishin-I-i-1');
    await http().get(`/fiscal-years/${FY}/submissions/${hokkaido.code}`).set('Authorization', bearer('insurer', tokyo.code)).expect(403);
  });

  it('closes submissions after the deadline; reviewers correct an answer and record the national figures', async () => {
    const closeAt = Date.now() + 200;
    for (const [deadline, offset] of [['submissionsDueAt', 0], ['prefectureSubmissionsDueAt', 100], ['reviewDueAt', 200]] as const) {
      await http()
        .post(`/fiscal-years/${FY}/deadlines`)
        .set('Authorization', admin)
        .send({ deadline, dueAt: new Date(closeAt + offset).toISOString(), reason: '全保険者の提出を確認したため締め切ります。' })
        .expect(200);
    }
    await sleep(Math.max(0, closeAt + 200 - Date.now() + 100));
    await http().post(`/fiscal-years/${FY}/phase`).set('Authorization', admin).send({ to: 'submissions_closed' }).expect(200);
    const late = await http().put(`/fiscal-years/${FY}/submissions/${insurers[0].code}/answers`).set('Authorization', bearer('insurer', insurers[0].code)).send({ answers: fullAnswers() }).expect(409);
    expect(late.body.code).toBe('SUBMISSION.CLOSED');

    await http()
      .post(`/fiscal-years/${FY}/submissions/${insurers[0].code}/reviews`)
      .set('Authorization', reviewer)
      .send({ indicatorId: 'suishin-I-i-1', decision: 'corrected', answer: { answerType: 'yes_no', yes: false }, reason: '根拠資料で確認できませんでした。' })
      .expect(200);
    const noReason = await http().post(`/fiscal-years/${FY}/submissions/${insurers[0].code}/reviews`).set('Authorization', reviewer).send({ indicatorId: 'suishin-I-i-3', decision: 'corrected', answer: { answerType: 'yes_no', yes: false } }).expect(400);
    expect(noReason.body.errors[0].field).toBe('reason');

    await http()
      .post(`/fiscal-years/${FY}/prefectures/24/reviews`)
      .set('Authorization', reviewer)
      .send({ indicatorId: 'pref-suishin-I-1', decision: 'corrected', answer: { answerType: 'yes_no', yes: false }, reason: '計画が未策定のため。' })
      .expect(200);

    const notReady = await http().post(`/fiscal-years/${FY}/phase`).set('Authorization', admin).send({ to: 'review_completed' }).expect(409);
    expect(notReady.body.details.missing.some((m: { code: string }) => m.code === 'REVIEW.FIGURES_MISSING')).toBe(true);

    for (const { indicator } of frameworkIndicators(framework)) {
      if (indicator.answerType !== 'numeric') continue;
      // Insurer k (by code) has figure 100 − k: national rank k for higher-is-better, reversed for lower-is-better.
      const figures = insurers.map((insurer, k) => ({ code: insurer.code, value: indicator.direction === 'higherIsBetter' ? 100 - k : k }));
      await http().put(`/fiscal-years/${FY}/national-figures/${indicator.id}`).set('Authorization', reviewer).send({ figures }).expect(200);
    }
    prefectural = (await http().get(`/fiscal-years/${FY}/frameworks/prefectural`).set('Authorization', admin).expect(200)).body;
    for (const { indicator } of frameworkIndicators(prefectural)) {
      if (indicator.answerType !== 'numeric') continue;
      // Prefecture p (01…47) has rank p.
      const figures = PREFECTURE_CODES.map((code, p) => ({ code, value: indicator.direction === 'higherIsBetter' ? 100 - p : p }));
      await http().put(`/fiscal-years/${FY}/national-figures/${indicator.id}`).set('Authorization', reviewer).send({ figures }).expect(200);
    }
    await http().post(`/fiscal-years/${FY}/phase`).set('Authorization', admin).send({ to: 'review_completed' }).expect(200);
    await http().post(`/fiscal-years/${FY}/phase`).set('Authorization', admin).send({ to: 'scored' }).expect(200);
  });

  it('publishes score tables and ranks that match the hand-computed expectation', async () => {
    /** Points of rank r (1-based) for a numeric indicator: the first band whose threshold ⌈n·p/100⌉ it reaches. */
    const bandPoints = (bands: readonly { topPercent: number; points: number }[], rank: number) =>
      bands.find((band) => rank <= Math.ceil((N * band.topPercent) / 100))?.points ?? 0;
    const expected = insurers.map((insurer, k) => {
      let total = 0;
      for (const { indicator } of frameworkIndicators(framework)) {
        total += indicator.answerType === 'numeric' ? bandPoints(indicator.bands, k + 1) : indicator.points;
      }
      return { code: insurer.code, total: k === 0 ? total - 12 : total }; // the reviewer's correction of suishin-I-i-1 (12 points)
    });
    for (const k of [0, 1, 5, 10, 20]) {
      const insurer = insurers[k];
      const response = await http().get(`/fiscal-years/${FY}/scores/${insurer.code}`).set('Authorization', bearer('insurer', insurer.code)).expect(200);
      expect(response.body.total.score).toBe(expected[k].total);
      expect(response.body.total.maxPoints).toBe(800);
      expect(response.body.table).toHaveLength(14);
      for (const row of response.body.table) {
        expect(row.score).toBeLessThanOrEqual(row.maxPoints);
        expect(row.rate).toMatch(/^\d+\.\d%$/);
        expect(row.nationalRate).toMatch(/^\d+\.\d%$/);
        expect(row.prefectureRate).toMatch(/^\d+\.\d%$/);
      }
      const suishinIi = response.body.table.find((row: { grant: string; groupId: string }) => row.grant === 'suishin' && row.groupId === 'I-i');
      expect(suishinIi).toMatchObject({ maxPoints: 64, score: k === 0 ? 52 : 64 });
    }
    const ranking = await http().get(`/fiscal-years/${FY}/rankings`).set('Authorization', admin).expect(200);
    const byScore = [...expected].sort((a, b) => b.total - a.total || (a.code < b.code ? -1 : 1));
    expect(ranking.body.rankings.map((r: { code: string }) => r.code)).toEqual(byScore.map((e) => e.code));
    expect(ranking.body.rankings.map((r: { score: number }) => r.score)).toEqual(byScore.map((e) => e.total));
    const mie = await http().get(`/fiscal-years/${FY}/rankings?prefecture=24`).set('Authorization', bearer('prefecture', '24')).expect(200);
    expect(mie.body.rankings).toHaveLength(7);
    expect(mie.body.rankings.map((r: { rank: { ordinal: number } }) => r.rank.ordinal)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // Each with its national rank, exactly as the national ranking has it.
    const nationally = new Map(ranking.body.rankings.map((r: { code: string; rank: unknown }) => [r.code, r.rank]));
    for (const row of mie.body.rankings as { code: string; nationalRank: unknown }[]) expect(row.nationalRank).toEqual(nationally.get(row.code));
    expect((ranking.body.rankings as object[]).every((r) => !('nationalRank' in r))).toBe(true);
    await http().get(`/fiscal-years/${FY}/rankings`).set('Authorization', bearer('prefecture', '24')).expect(403);

    // Prefectures: full self-assessed points for the three that submitted, band points by rank among the 47.
    const prefectureTotal = (code: string) => {
      const rank = PREFECTURE_CODES.indexOf(code) + 1;
      let total = 0;
      for (const { indicator } of frameworkIndicators(prefectural)) {
        if (indicator.answerType === 'numeric') total += indicator.bands.find((b) => rank <= Math.ceil((47 * b.topPercent) / 100))?.points ?? 0;
        else if (PREFECTURES.includes(code)) total += indicator.points;
      }
      return total;
    };
    for (const code of ['01', '24', '02']) {
      const response = await http().get(`/fiscal-years/${FY}/prefecture-scores/${code}`).set('Authorization', admin).expect(200);
      const corrected = code === '24' ? frameworkIndicators(prefectural).find((l) => l.indicator.id === 'pref-suishin-I-1')!.indicator.points : 0;
      expect(response.body.total).toMatchObject({ score: prefectureTotal(code) - corrected, maxPoints: 2935 });
    }
    await http().get(`/fiscal-years/${FY}/prefecture-scores/13`).set('Authorization', bearer('prefecture', '24')).expect(403);
    await http().get(`/fiscal-years/${FY}/scores/${insurers[0].code}`).set('Authorization', bearer('insurer', insurers[1].code)).expect(403);
  });

  it('publishes 規模区分 ranks, the grant and activity years, and every indicator’s national statistics, by hand', async () => {
    const bandPoints = (bands: readonly { topPercent: number; points: number }[], rank: number) =>
      bands.find((band) => rank <= Math.ceil((N * band.topPercent) / 100))?.points ?? 0;
    /** Points of insurer k (by code) for an indicator: full self-assessed points (but the corrected one), band points by rank k + 1. */
    const pointsOf = (indicatorId: string, k: number) => {
      const { indicator } = frameworkIndicators(framework).find((l) => l.indicator.id === indicatorId)!;
      if (indicator.answerType === 'numeric') return bandPoints(indicator.bands, k + 1);
      return k === 0 && indicatorId === 'suishin-I-i-1' ? 0 : indicator.points;
    };
    const totals = insurers.map((insurer, k) => ({
      code: insurer.code,
      total: frameworkIndicators(framework).reduce((sum, { indicator }) => sum + pointsOf(indicator.id, k), 0),
      // 第1号被保険者数 10,000·(i+1) + p: 10,000–40,002 are band 3 (12 insurers), 50,000–70,002 band 4 (9).
      band: insurer.category1InsuredPersons < 50_000 ? 3 : 4,
    }));
    const years = { grantYear: { fiscalYear: FY, name: '令和6年度' }, activityYear: { fiscalYear: 'FY2023', name: '令和5年度' } };
    for (const band of [3, 4]) {
      const members = totals.filter((t) => t.band === band).sort((a, b) => b.total - a.total || (a.code < b.code ? -1 : 1));
      expect(members).toHaveLength(band === 3 ? 12 : 9);
      const listed = await http().get(`/fiscal-years/${FY}/rankings?sizeBand=${band}`).set('Authorization', admin).expect(200);
      expect(listed.body).toMatchObject({ ...years, prefecture: null, sizeBand: band });
      expect(listed.body.rankings.map((r: { code: string; score: number }) => [r.code, r.score])).toEqual(members.map((m) => [m.code, m.total]));
      for (const [ordinal, member] of members.entries()) {
        const competition = 1 + members.filter((m) => m.total > member.total).length;
        expect(listed.body.rankings[ordinal].rank).toEqual({ competition, ordinal: ordinal + 1, outOf: members.length });
        if (ordinal > 2) continue;
        const table = await http().get(`/fiscal-years/${FY}/scores/${member.code}`).set('Authorization', bearer('insurer', member.code)).expect(200);
        expect(table.body).toMatchObject({ ...years, previousYear: null, ranks: { sizeBand: { band, rank: { competition, ordinal: ordinal + 1, outOf: members.length } } } });
      }
    }
    expect((await http().get(`/fiscal-years/${FY}/rankings?sizeBand=1`).set('Authorization', admin).expect(200)).body.rankings).toEqual([]);
    expect((await http().get(`/fiscal-years/${FY}/rankings`).set('Authorization', admin).expect(200)).body).toMatchObject({ ...years, sizeBand: null });
    for (const bad of ['0', '6', 'x', '3&sizeBand=4', '3&prefecture=24']) {
      expect((await http().get(`/fiscal-years/${FY}/rankings?sizeBand=${bad}`).set('Authorization', admin).expect(400)).body.errors[0].field).toBe('sizeBand');
    }
    await http().get(`/fiscal-years/${FY}/rankings?sizeBand=3`).set('Authorization', bearer('prefecture', '24')).expect(403);
    expect((await http().get(`/fiscal-years/${FY}/prefecture-scores/24`).set('Authorization', admin).expect(200)).body).toMatchObject({ ...years, previousYear: null });

    // Per indicator over the 21 insurers: the mean, median and population SD of the points computed here, and 該当率.
    const statistics = await http().get(`/fiscal-years/${FY}/indicator-statistics`).set('Authorization', bearer('insurer', insurers[3].code)).expect(200);
    expect(statistics.body).toMatchObject({ ...years, level: 'municipal', recorded: true });
    const indicators: { indicatorId: string; n: number; average: number; median: number; sd: number; applicableRate: string }[] = statistics.body.indicators;
    expect(indicators.map((s) => s.indicatorId)).toEqual(frameworkIndicators(framework).map((l) => l.indicator.id));
    for (const statistic of indicators) {
      const values = insurers.map((_, k) => pointsOf(statistic.indicatorId, k));
      const mean = values.reduce((a, b) => a + b, 0) / N;
      const sorted = [...values].sort((a, b) => a - b);
      const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / N);
      const applicable = values.filter((v) => v > 0).length;
      expect([statistic.indicatorId, statistic.n, statistic.median, statistic.applicableRate]).toEqual([statistic.indicatorId, N, sorted[10], `${((applicable / N) * 100).toFixed(1)}%`]);
      expect(statistic.average).toBeCloseTo(mean, 3);
      expect(statistic.sd).toBeCloseTo(sd, 3);
    }
    // The corrected yes/no item of 12 points: 20 of 21 have it, p = 20/21, SD 12·√(p(1−p)).
    expect(indicators.find((s) => s.indicatorId === 'suishin-I-i-1')).toMatchObject({ median: 12, applicableRate: '95.2%', sd: Math.round(12 * Math.sqrt((20 / 21) * (1 / 21)) * 1000) / 1000 });
    const prefecturalStatistics = await http().get(`/fiscal-years/${FY}/indicator-statistics?level=prefectural`).set('Authorization', admin).expect(200);
    expect(prefecturalStatistics.body.indicators.map((s: { indicatorId: string }) => s.indicatorId)).toEqual(frameworkIndicators(prefectural).map((l) => l.indicator.id));
    expect(prefecturalStatistics.body.indicators.every((s: { n: number }) => s.n === 47)).toBe(true);
    expect((await http().get(`/fiscal-years/${FY}/indicator-statistics?level=national`).set('Authorization', admin).expect(400)).body.errors[0].field).toBe('level');
  });

  it('runs trial calculations (試算) of the four pools that add up exactly', async () => {
    const first = await http().post(`/fiscal-years/${FY}/calculations/trials`).set('Authorization', admin).expect(201);
    expect(first.body.trialNumber).toBe(1);
    const latest = (await http().get(`/fiscal-years/${FY}/calculations/latest`).set('Authorization', admin).expect(200)).body;
    for (const pool of latest.pools) {
      const sum = pool.recipients.reduce((total: bigint, r: { amountYen: string }) => total + BigInt(r.amountYen), 0n);
      expect(sum.toString()).toBe(pool.placedYen);
      expect((BigInt(pool.placedYen) + BigInt(pool.unallocatedYen)).toString()).toBe(pool.poolYen);
    }
    const municipal = latest.pools.find((p: { pool: string }) => p.pool === 'suishin-municipal');
    expect(municipal.recipients).toHaveLength(N);
    expect(municipal.placedYen).toBe('19000000000');
    // Prefectures without a request are uncapped, so the prefectural pool is placed in full.
    expect(latest.pools.find((p: { pool: string }) => p.pool === 'suishin-prefectural').placedYen).toBe('1000000000');
    const again = await http().post(`/fiscal-years/${FY}/calculations/trials`).set('Authorization', admin).set('If-Match', '"0"').expect(201);
    expect(again.body).toMatchObject({ trialNumber: 2, inputsSha256: first.body.inputsSha256 });
    await http().post(`/fiscal-years/${FY}/calculations/trials`).set('Authorization', admin).set('If-Match', '"0"').expect(412);
    const own = await http().get(`/fiscal-years/${FY}/calculations/latest?code=${insurers[0].code}`).set('Authorization', bearer('insurer', insurers[0].code)).expect(200);
    expect(own.body.pools[0].recipients).toHaveLength(1);
    await http().get(`/fiscal-years/${FY}/calculations/latest?code=${insurers[1].code}`).set('Authorization', bearer('insurer', insurers[0].code)).expect(403);
    await http().post(`/fiscal-years/${FY}/calculations/trials`).set('Authorization', bearer('auditor', 'MHLW')).expect(403);
  });

  it('finalizes with two people, then corrects a score and recalculates what to pay or recover (返還)', async () => {
    const admin2 = bearer('national-admin', 'MHLW', 'admin-2');
    const calc = `/fiscal-years/${FY}/calculations`;
    expect((await http().post(`${calc}/finalization-approval`).set('Authorization', admin2).expect(409)).body.code).toBe('CALCULATION.NO_REQUEST');
    expect((await http().post(`${calc}/finalization-request`).set('Authorization', admin).send({ trialNumber: 1 }).expect(409)).body.code).toBe('CALCULATION.STALE_TRIAL');
    expect((await http().get(`${calc}/pending`).set('Authorization', admin2).expect(200)).body).toEqual({ fiscalYear: FY, finalization: null, corrections: [] });
    await http().post(`${calc}/finalization-request`).set('Authorization', admin).send({ trialNumber: 2 }).expect(200);
    // The approver sees exactly what awaits approval: which trial, by whom, and its totals.
    const trial = (await http().get(`${calc}/latest`).set('Authorization', admin).expect(200)).body;
    const awaiting = (await http().get(`${calc}/pending`).set('Authorization', admin2).expect(200)).body;
    expect(awaiting.corrections).toEqual([]);
    expect(awaiting.finalization).toMatchObject({ trialNumber: 2, requestedBy: 'admin-1', inputsSha256: trial.inputsSha256 });
    expect(awaiting.finalization.pools).toEqual(
      trial.pools.map((p: { pool: string; poolYen: string; placedYen: string; unallocatedYen: string; recipients: unknown[] }) => expect.objectContaining({ pool: p.pool, poolYen: p.poolYen, placedYen: p.placedYen, unallocatedYen: p.unallocatedYen, recipients: p.recipients.length })),
    );
    const placedSum = trial.pools.reduce((sum: bigint, p: { placedYen: string }) => sum + BigInt(p.placedYen), 0n);
    expect(awaiting.finalization.placedYen).toBe(placedSum.toString());
    await http().get(`${calc}/pending`).set('Authorization', bearer('insurer', insurers[0].code)).expect(403);
    expect((await http().post(`${calc}/finalization-approval`).set('Authorization', admin).expect(403)).body.code).toBe('CALCULATION.SAME_PERSON');
    const approved = await http().post(`${calc}/finalization-approval`).set('Authorization', admin2).expect(200);
    expect(approved.body).toMatchObject({ trialNumber: 2, requestedBy: 'admin-1', approvedBy: 'admin-2' });
    // The two-person rule compares each person as the subject at its token issuer; both are recorded.
    const finalizedEvent = (await app.get(EventStore).readStream(grantCalculationStreamId(FY))).find((event) => event.type === 'GrantsFinalized');
    expect(finalizedEvent?.data).toMatchObject({ requestedBy: 'admin-1', requestedByIssuer: 'grants-api', approvedBy: 'admin-2', approvedByIssuer: 'grants-api' });
    expect((await http().post(`${calc}/trials`).set('Authorization', admin).expect(409)).body.code).toBe('CALCULATION.FINALIZED');
    await http().post(`/fiscal-years/${FY}/phase`).set('Authorization', admin).send({ to: 'allocated' }).expect(200);
    await http().post(`/fiscal-years/${FY}/phase`).set('Authorization', admin).send({ to: 'finalized' }).expect(200);

    const beforeCorrection = (await app.get(EventStore).headPosition()).toString();
    const finalAmount = (await http().get(`${calc}/why/${insurers[0].code}`).set('Authorization', admin).expect(200)).body.pools.find((p: { pool: string }) => p.pool === 'suishin-municipal').amountYen;
    const correction = { level: 'municipal', code: insurers[0].code, grant: 'suishin', score: 0 };
    expect((await http().post(`${calc}/score-corrections`).set('Authorization', admin).send(correction).expect(400)).body.errors[0].field).toBe('reason');
    // A correction is checked against the grant's maximum for the level (推進, municipal: 400 points) and needs a second administrator.
    const tooHigh = await http().post(`${calc}/score-corrections`).set('Authorization', admin).send({ ...correction, score: 900, reason: '誤入力' }).expect(400);
    expect(tooHigh.body).toMatchObject({ code: 'CALCULATION.SCORE_OUT_OF_RANGE', errors: [{ field: 'score' }], details: { score: 900, maximum: 400 } });
    expect(tooHigh.body.message).toContain('400');
    const scoredSuishin = (await http().get(`/fiscal-years/${FY}/scores/${insurers[0].code}`).set('Authorization', admin).expect(200)).body.grants.find((g: { grant: string }) => g.grant === 'suishin').score;
    const requested = await http().post(`${calc}/score-corrections`).set('Authorization', admin).send({ ...correction, reason: '監査で根拠資料の不備が判明。' }).expect(200);
    expect(requested.body).toMatchObject({ status: 'pending', correctionId: '1', code: insurers[0].code, grant: 'suishin', previousScore: scoredSuishin, score: 0, requestedBy: 'admin-1' });
    const pending = (await http().get(`${calc}/pending`).set('Authorization', admin2).expect(200)).body;
    expect(pending).toEqual({
      fiscalYear: FY,
      finalization: null,
      corrections: [
        {
          correctionId: '1',
          level: 'municipal',
          code: insurers[0].code,
          grant: 'suishin',
          previousScore: scoredSuishin,
          score: 0,
          reason: '監査で根拠資料の不備が判明。',
          requestedBy: 'admin-1',
          requestedByIssuer: 'grants-api',
          requestedAt: expect.any(String),
        },
      ],
    });
    // Nothing changes until a second administrator approves: the requester may not, nor may anyone approve an unknown id.
    expect((await http().post(`${calc}/score-corrections/1/approval`).set('Authorization', admin).expect(403)).body.code).toBe('CALCULATION.SAME_PERSON');
    expect((await http().post(`${calc}/score-corrections/2/approval`).set('Authorization', admin2).expect(404)).body.code).toBe('CALCULATION.UNKNOWN_CORRECTION');
    await http().post(`${calc}/score-corrections/1/approval`).set('Authorization', bearer('auditor', 'MHLW')).expect(403);
    const approvedCorrection = await http().post(`${calc}/score-corrections/1/approval`).set('Authorization', admin2).expect(200);
    expect(approvedCorrection.body).toMatchObject({ correctionId: '1', code: insurers[0].code, previousScore: scoredSuishin, score: 0, requestedBy: 'admin-1', approvedBy: 'admin-2' });
    expect((await http().post(`${calc}/score-corrections/1/approval`).set('Authorization', bearer('national-admin', 'MHLW', 'admin-3')).expect(409)).body.code).toBe('CALCULATION.CORRECTION_APPROVED');
    expect((await http().get(`${calc}/pending`).set('Authorization', admin2).expect(200)).body).toEqual({ fiscalYear: FY, finalization: null, corrections: [] });
    const recalculation = await http().post(`${calc}/recalculations`).set('Authorization', admin).expect(201);
    const differences: { pool: string; code: string; differenceYen: string; newAmountYen: string }[] = recalculation.body.differences;
    const own = differences.find((d) => d.pool === 'suishin-municipal' && d.code === insurers[0].code)!;
    expect(own.newAmountYen).toBe('0');
    expect(BigInt(own.differenceYen) < 0n).toBe(true);
    // The pool is placed in full before and after: what one recipient pays back, the others receive.
    const net = differences.filter((d) => d.pool === 'suishin-municipal').reduce((sum, d) => sum + BigInt(d.differenceYen), 0n);
    expect(net).toBe(0n);
    expect(differences.every((d) => d.pool === 'suishin-municipal')).toBe(true);

    // As of a position before the correction the amount in force is the finalized one; now it is the new one.
    const amountAsOf = async (query: string) =>
      (await http().get(`${calc}/why/${insurers[0].code}${query}`).set('Authorization', bearer('auditor', 'MHLW')).expect(200)).body.pools.find(
        (p: { pool: string }) => p.pool === 'suishin-municipal',
      ).amountYen;
    expect(await amountAsOf(`?asOf=${beforeCorrection}`)).toBe(finalAmount);
    expect(await amountAsOf('')).toBe('0');
    expect(await amountAsOf(`?asOf=${encodeURIComponent(new Date().toISOString())}`)).toBe('0');
    expect((await http().get(`${calc}/why/${insurers[0].code}?asOf=yesterday`).set('Authorization', admin).expect(400)).body.errors[0].field).toBe('asOf');
  });

  it('publishes the finalized amounts as XLSX and CSV, and explains one recipient’s amount', async () => {
    const binary = (res: request.Response, done: (error: Error | null, body: Buffer) => void) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    };
    // The amounts in force are those of the recalculation: the list shows 確定 / 再算定 / 差額 per grant, in whole 千円.
    // 確定 (the finalized amounts): what latest showed as of the finalization, before the recalculation took force.
    const finalizedAt = (await http().get(`/audit/fiscal-years/${FY}/calculations`).set('Authorization', admin).expect(200)).body.calculations.find((c: { ref: string }) => c.ref === 'final').position;
    const final: { pool: string; recipients: { code: string; amountYen: string }[] }[] = (await http().get(`/fiscal-years/${FY}/calculations/latest?asOf=${finalizedAt}`).set('Authorization', admin).expect(200)).body.pools;
    const finalOf = (pool: string, code: string) => BigInt(final.find((p) => p.pool === pool)!.recipients.find((r) => r.code === code)?.amountYen ?? '0');
    const paidPrefectures = PREFECTURE_CODES.filter((code) => finalOf('suishin-prefectural', code) + finalOf('shien-prefectural', code) > 0n);
    const xlsx = await http().get(`/fiscal-years/${FY}/calculations/report?format=xlsx`).set('Authorization', bearer('auditor', 'MHLW')).buffer(true).parse(binary).expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as ExcelJS.Buffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['市町村分', '都道府県分']);
    const sheet = workbook.getWorksheet('市町村分')!;
    expect(sheet.getCell('A1').value).toBe('令和6年度 交付額一覧（再算定1）');
    expect([sheet.getCell('C1').value, sheet.getCell('D1').value, sheet.getCell('E1').value, sheet.getCell('F1').value]).toEqual(['交付年度', '令和6年度', '評価対象年度', '令和5年度']);
    expect([sheet.getCell('D3').value, sheet.getCell('E3').value, sheet.getCell('F3').value]).toEqual(['確定', '再算定', '差額（追加交付・返還）']);
    expect(sheet.getCell('A4').value).toBe(insurers[0].code);
    expect(sheet.getCell('B4').value).toBe(insurers[0].name);
    expect(sheet.getCell('C4').value).toBe(insurers[0].category1InsuredPersons);
    // insurers[0]'s 推進 score was corrected to 0: its 確定 is recovered in full.
    const ownFinal = Number(finalOf('suishin-municipal', insurers[0].code) / 1000n);
    expect([sheet.getCell('D4').value, sheet.getCell('E4').value, sheet.getCell('F4').value]).toEqual([ownFinal, 0, -ownFinal]);
    expect(sheet.getCell(`B${4 + N}`).value).toBe('合計');
    expect([sheet.getCell(`D${4 + N}`).value, sheet.getCell(`E${4 + N}`).value, sheet.getCell(`F${4 + N}`).value]).toEqual([19_000_000, 19_000_000, 0]);

    const csv = await http().get(`/fiscal-years/${FY}/calculations/report?encoding=shift_jis`).set('Authorization', admin).buffer(true).parse(binary).expect(200);
    expect(csv.headers['content-type']).toContain('Shift_JIS');
    const lines = iconv.decode(csv.body as Buffer, 'cp932').trim().split('\r\n');
    const measures = ['確定', '再算定', '差額（追加交付・返還）'];
    expect(lines[0]).toBe(
      ['区分', '団体コード', '団体名', '第1号被保険者数', ...['推進交付金', '支援交付金', '合計'].flatMap((g) => measures.map((m) => `${g}・${m}（千円）`)), '1人当たり交付額（円）', '順位', '交付年度', '評価対象年度', '算定', '算定日時（JST）'].join(),
    );
    // Every row names the calculation and when it was decided, in JST with 和暦 (「令和…年…月…日 HH:MM（JST）」).
    expect(lines.slice(1).every((line) => /,令和6年度,令和5年度,再算定1,令和\d+年\d+月\d+日 \d{2}:\d{2}（JST）$/.test(line))).toBe(true);
    // One line per recipient (推進 and 支援 side by side), none for a prefecture that gets nothing, and per level 合計 / 未配分 / うち端数.
    expect(lines).toHaveLength(1 + N + 3 + paidPrefectures.length + 3);
    expect(lines.find((line) => line.startsWith(`市町村分,,合計,`))!.split(',').slice(4, 7)).toEqual(['19000000', '19000000', '0']);
    // The formula-like name is neutralised in both exports: no cell starts with = (a spreadsheet would run it).
    const hostile = lines.filter((line) => line.includes('cmd|'));
    expect(hostile).toHaveLength(1);
    for (const line of hostile) {
      expect(line).toContain("'=cmd|' /C calc'!A0");
      expect(line.split(',').some((cell) => /^"?[=+\-@]/.test(cell))).toBe(false);
    }
    // The finalized list by name: an older rule records 確定 only, so 案 and 追加交付 stay empty.
    const named = await http().get(`/fiscal-years/${FY}/calculations/report?calculation=final`).set('Authorization', admin).buffer(true).parse(binary).expect(200);
    const finalLines = (named.body as Buffer).subarray(3).toString('utf8').trim().split('\r\n');
    expect(finalLines[0].split(',').slice(4, 7)).toEqual(['推進交付金・案（千円）', '推進交付金・追加交付（千円）', '推進交付金・確定（千円）']);
    expect(finalLines.find((line) => line.startsWith(`市町村分,${insurers[0].code},`))!.split(',').slice(4, 7)).toEqual(['', '', String(ownFinal)]);
    expect(finalLines.find((line) => line.startsWith('市町村分,,合計,'))!.split(',').slice(4, 7)).toEqual(['', '', '19000000']);
    expect(finalLines.slice(1).every((line) => /,令和6年度,令和5年度,確定,令和\d+年\d+月\d+日 \d{2}:\d{2}（JST）$/.test(line))).toBe(true);
    expect(decodeURIComponent(named.headers['x-calculation'])).toBe('確定');
    expect((await http().get(`/fiscal-years/${FY}/calculations/report?calculation=recalculation:7`).set('Authorization', admin).expect(404)).body.code).toBe('CALCULATION.NONE');
    expect((await http().get(`/fiscal-years/${FY}/calculations/report?calculation=latest`).set('Authorization', admin).expect(400)).body.errors[0].field).toBe('calculation');
    const names = sheet.getColumn(2).values.filter((v): v is string => typeof v === 'string');
    expect(names).toContain("'=cmd|' /C calc'!A0");
    expect(names.some((name) => /^[=+\-@]/.test(name))).toBe(false);
    await http().get(`/fiscal-years/${FY}/calculations/report`).set('Authorization', bearer('prefecture', '24')).expect(403);

    const why = await http().get(`/fiscal-years/${FY}/calculations/why/${insurers[1].code}`).set('Authorization', bearer('insurer', insurers[1].code)).expect(200);
    expect(why.body.calculation).toEqual({ finalized: true, trialNumber: 2, recalculationNumber: 1 });
    const suishin = why.body.pools.find((p: { pool: string }) => p.pool === 'suishin-municipal');
    const scores = await http().get(`/fiscal-years/${FY}/scores/${insurers[1].code}`).set('Authorization', admin).expect(200);
    const suishinScore = scores.body.grants.find((g: { grant: string }) => g.grant === 'suishin').score;
    expect(suishin.weight).toBe(String(suishinScore * insurers[1].category1InsuredPersons));
    expect(suishin.shareOfNationalSum).toMatch(/^\d+\/\d+$/);
    await http().get(`/fiscal-years/${FY}/calculations/why/${insurers[1].code}`).set('Authorization', bearer('insurer', insurers[2].code)).expect(403);
  });

  it('rebuilds every read model from the events alone to exactly the live rows', async () => {
    const runner = app.get(ProjectionRunner);
    await runner.waitFor(await app.get(EventStore).headPosition());
    const snapshot = () =>
      testApp.db.superuserQuery(
        `SELECT * FROM (SELECT 'overview' AS model, to_jsonb(o) AS row FROM submission_overview o
                        UNION ALL SELECT 'catalog', to_jsonb(c) FROM stream_catalog c
                        UNION ALL SELECT 'score_calculation', to_jsonb(s) FROM score_calculation s
                        UNION ALL SELECT 'recipient_score', to_jsonb(s) FROM recipient_score s
                        UNION ALL SELECT 'score_ranking', to_jsonb(r) FROM score_ranking r
                        UNION ALL SELECT 'audit index', to_jsonb(a) FROM audit_index a
                        UNION ALL SELECT 'status history', to_jsonb(h) FROM submission_status_history h
                        UNION ALL SELECT 'fiscal_year_view', to_jsonb(y) FROM fiscal_year_view y
                        UNION ALL SELECT 'registered_insurer', to_jsonb(i) FROM registered_insurer i
                        UNION ALL SELECT 'calculation_amount', to_jsonb(a) FROM calculation_amount a) models
         ORDER BY model, row::text`,
      );
    const live = await snapshot();
    expect(live.length).toBeGreaterThan(N);
    // The scores read models hold the year: its calculation, every insurer and the 47 prefectures, three rankings of
    // each insurer (national, its prefecture, its 規模区分).
    const count = (model: string) => live.filter((row) => row.model === model).length;
    expect([count('score_calculation'), count('recipient_score'), count('score_ranking')]).toEqual([1, N + 47, 3 * N]);
    // The year's own view, its register, and the amounts of every calculation it ran.
    expect([count('fiscal_year_view'), count('registered_insurer'), count('calculation_amount') > 0]).toEqual([1, N, true]);
    await runner.stop();
    await runner.rebuild();
    expect(await snapshot()).toEqual(live);
    runner.start();
  });

  it('answers every read route as of a point in the log: as now at the head, as it stood before the year opened at 0', async () => {
    const head = (await app.get(EventStore).headPosition()).toString();
    const document = (await http().get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, { parameters?: { name: string }[] }>> };
    const params: Record<string, string> = { fiscalYear: FY, insurerCode: insurers[0].code, code: insurers[0].code, prefectureCode: '24', level: 'municipal' };
    const reads = Object.entries(document.paths)
      .filter(([, methods]) => methods.get)
      .map(([path, methods]) => ({ path: path.replace(/\{(\w+)\}/g, (_m, name: string) => params[name]), documented: (methods.get.parameters ?? []).some((p) => p.name === 'asOf') }));
    expect(reads.length).toBeGreaterThan(20);
    const auditor = bearer('auditor', 'MHLW');
    const body = (response: request.Response) => (Buffer.isBuffer(response.body) || response.type.startsWith('text/') ? response.text : JSON.stringify(response.body));
    for (const { path, documented } of reads) {
      expect([path, documented]).toEqual([path, true]);
      const sep = path.includes('?') ? '&' : '?';
      const wrong = await http().get(`${path}${sep}asOf=yesterday`).set('Authorization', auditor);
      expect([path, wrong.status, wrong.body.errors?.[0]?.field]).toEqual([path, 400, 'asOf']);
      if (!path.startsWith(`/fiscal-years/${FY}`) && !path.startsWith(`/audit/fiscal-years/${FY}`)) continue;
      const live = await http().get(path).set('Authorization', auditor);
      const atHead = await http().get(`${path}${sep}asOf=${head}`).set('Authorization', auditor);
      expect([path, atHead.status, atHead.headers['x-as-of']]).toEqual([path, live.status, head]);
      expect([path, body(atHead)]).toEqual([path, body(live)]);
      const before = await http().get(`${path}${sep}asOf=0`).set('Authorization', auditor);
      expect([path, before.status !== live.status || body(before) !== body(live)]).toEqual([path, true]);
    }
    // The submission list as of the first submission's position has one row; the read model now has all.
    const [first] = await testApp.db.superuserQuery<{ position: string }>(`SELECT min(position)::text AS position FROM events WHERE type = 'SubmissionSubmitted'`);
    const listed = await http().get(`/fiscal-years/${FY}/submissions?asOf=${first.position}`).set('Authorization', auditor).expect(200);
    expect(listed.body.submissions.filter((s: { status: string }) => s.status === 'submitted')).toHaveLength(1);
  });

  it('gives auditors the chain heads, the replay, timelines, as-of views and diffs, computed from the events alone', async () => {
    const auditor = bearer('auditor', 'MHLW');
    const head = (await app.get(EventStore).headPosition()).toString();
    const chain = await http().get('/audit/chain').set('Authorization', auditor).expect(200);
    expect(chain.body).toMatchObject({ ok: true, checked: Number(head), failure: null });
    expect(chain.body.fiscalYears).toEqual([{ fiscalYear: FY, events: Number(head), head: { position: head, hash: expect.stringMatching(/^[0-9a-f]{64}$/) }, digest: chain.body.head.digest }]);
    const digest = chain.body.head.digest as string;
    expect((await http().get(`/audit/chain?digest=${digest}`).set('Authorization', auditor).expect(200)).body.ok).toBe(true);
    const forged = `${head}:${'0'.repeat(64)}`;
    expect((await http().get(`/audit/chain?digest=${forged}`).set('Authorization', auditor).expect(200)).body).toMatchObject({ ok: false, failure: { problem: 'digest_mismatch' } });
    expect((await http().get('/audit/chain?digest=12').set('Authorization', auditor).expect(400)).body.errors[0].field).toBe('digest');

    const replay = await http().get(`/audit/fiscal-years/${FY}/replay`).set('Authorization', auditor).expect(200);
    // The scoring, 2 trials, the finalization request and approval, the correction request and approval, the recalculation.
    expect(replay.body).toMatchObject({ fiscalYear: FY, decisions: 8, mismatches: [], reproduced: true, head: { position: head } });

    const code = insurers[0].code;
    const timeline = await http().get(`/audit/fiscal-years/${FY}/timeline/${code}`).set('Authorization', auditor).expect(200);
    const entries: { type: string; actorId: string; actorRole: string; reason: string | null; commandId: string; position: string; changes: { field: string; before: string | null; after: string | null }[] }[] =
      timeline.body.entries;
    const corrected = entries.find((e) => e.type === 'ScoreCorrected')!;
    // The correction takes effect when the second administrator approves it; the requester's reason stays with it.
    expect(corrected).toMatchObject({ actorId: 'admin-2', actorRole: 'national-admin', reason: '監査で根拠資料の不備が判明。', changes: [{ field: 'correction.suishin', before: null, after: '0' }] });
    expect(corrected.commandId).toMatch(/.+/);
    const recalculated = entries.find((e) => e.type === 'GrantsRecalculated')!;
    const amountChange = recalculated.changes.find((c) => c.field === 'amount.suishin-municipal')!;
    expect(amountChange.after).toBe('0');
    expect(BigInt(amountChange.before!)).toBeGreaterThan(0n);
    expect(entries.some((e) => e.type === 'SubmissionSubmitted' && e.actorRole === 'insurer')).toBe(true);
    expect(entries.some((e) => e.type === 'ScoresCalculated' && e.changes.some((c) => c.field === 'score.total'))).toBe(true);
    const onlyScores = await http().get(`/audit/fiscal-years/${FY}/timeline/${code}?fields=score,correction`).set('Authorization', auditor).expect(200);
    expect(onlyScores.body.entries.every((e: { changes: { field: string }[] }) => e.changes.every((c) => /^(score|correction)\./.test(c.field)))).toBe(true);
    expect((await http().get(`/audit/fiscal-years/${FY}/timeline/${code}?fields=salary`).set('Authorization', auditor).expect(400)).body.errors[0].field).toBe('fields');
    expect((await http().get(`/audit/fiscal-years/${FY}/timeline/242056`).set('Authorization', auditor).expect(400)).body.code).toBe('VALIDATION.INVALID_PARAM');
    const prefecture = await http().get(`/audit/fiscal-years/${FY}/timeline/24`).set('Authorization', auditor).expect(200);
    expect(prefecture.body.entries.some((e: { changes: { field: string }[] }) => e.changes.some((c) => c.field === 'requested.suishin'))).toBe(true);

    // As of just before the recalculation the insurer still had its finalized amount.
    const before = await http().get(`/audit/fiscal-years/${FY}/recipients/${code}?asOf=${BigInt(recalculated.position) - 1n}`).set('Authorization', auditor).expect(200);
    expect(before.body.view).toMatchObject({ 'amount.suishin-municipal': amountChange.before, 'amount.basis': 'final', 'correction.suishin': '0' });
    const now = await http().get(`/audit/fiscal-years/${FY}/recipients/${code}`).set('Authorization', auditor).expect(200);
    expect(now.body.view).toMatchObject({ 'amount.suishin-municipal': '0', 'amount.basis': 'recalculation:1' });

    const calculations = await http().get(`/audit/fiscal-years/${FY}/calculations`).set('Authorization', auditor).expect(200);
    expect(calculations.body.calculations.map((c: { ref: string }) => c.ref)).toEqual(['trial:1', 'trial:2', 'final', 'recalculation:1']);
    const diff = await http().get(`/audit/fiscal-years/${FY}/diff?from=final&to=recalculation:1`).set('Authorization', auditor).expect(200);
    expect(diff.body.rows).toContainEqual({ pool: 'suishin-municipal', code, fromYen: amountChange.before, toYen: '0', differenceYen: `-${amountChange.before}` });
    expect(diff.body.pools.find((p: { pool: string }) => p.pool === 'suishin-municipal')).toMatchObject({ differenceYen: '0' });
    const inTime = await http().get(`/audit/fiscal-years/${FY}/diff?from=@${BigInt(recalculated.position) - 1n}&to=@${head}`).set('Authorization', auditor).expect(200);
    expect(inTime.body.rows).toEqual(diff.body.rows);
    const csv = await http().get(`/audit/fiscal-years/${FY}/diff?format=csv`).set('Authorization', auditor).expect(200);
    expect(csv.text.split('\r\n')[0]).toBe('\uFEFF交付金区分,団体コード,比較元（円）,比較先（円）,差額（円）');
    expect((await http().get(`/audit/fiscal-years/${FY}/diff?from=trial:9`).set('Authorization', auditor).expect(404)).body.code).toBe('AUDIT.NO_CALCULATION');
    expect((await http().get(`/audit/fiscal-years/${FY}/diff?to=drop table`).set('Authorization', auditor).expect(400)).body.errors[0].field).toBe('to');
    expect((await http().get('/audit/fiscal-years/FY2019/replay').set('Authorization', auditor).expect(404)).body.code).toBe('AUDIT.NO_EVENTS');
    expect((await http().get(`/audit/fiscal-years/${FY}/diff?all=maybe`).set('Authorization', auditor).expect(400)).body.errors[0].field).toBe('all');
    expect((await http().get(`/audit/fiscal-years/${FY}/diff?format=pdf`).set('Authorization', auditor).expect(400)).body.errors[0].field).toBe('format');
    expect((await http().get(`/audit/fiscal-years/${FY}/recipients/2420`).set('Authorization', auditor).expect(400)).body.errors[0].field).toBe('code');
    await http().get('/audit/fiscal-years/2024/calculations').set('Authorization', auditor).expect(400);
    for (const other of [bearer('prefecture', '24'), bearer('insurer', code)]) {
      expect((await http().get(`/audit/fiscal-years/${FY}/timeline/${code}`).set('Authorization', other).expect(403)).body.code).toBe('AUTH.ROLE_NOT_ALLOWED');
    }

    // Every audit route of the OpenAPI document answers an auditor.
    const document = (await http().get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const auditRoutes = Object.keys(document.paths).filter((path) => path.startsWith('/audit'));
    expect(auditRoutes.length).toBeGreaterThanOrEqual(6);
    for (const path of auditRoutes) {
      const url = path.replace('{fiscalYear}', FY).replace('{code}', code);
      expect([url, (await http().get(url).set('Authorization', auditor)).status]).toEqual([url, 200]);
    }
  });

  it('reads one recipient through the audit index, and the status list as of a point, exactly as a fold of the whole log', async () => {
    const auditor = bearer('auditor', 'MHLW');
    const runner = app.get(ProjectionRunner);
    await runner.waitFor(await app.get(EventStore).headPosition());
    const log = (await app.get(EventStore).readAll({ maxCount: 100_000 })).map((e) => app.get(Upcasters).upcast(e));
    const head = log[log.length - 1].position;
    const middle = log[Math.floor(log.length / 2)];
    const points = [undefined, ...[1n, 2n, 3n, 5n, 8n].map((k) => (head * k) / 8n).map(String), middle.recordedAt.toISOString()];
    const codes = [...insurers.map((i) => i.code), ...PREFECTURES];
    // Caught up, then with the read models lagging behind the log (the events since their checkpoint are read from it).
    const lagging = async () => {
      await runner.stop();
      const behind = (head * 2n) / 3n;
      await testApp.db.superuserQuery(`DELETE FROM audit_index WHERE position > ${behind}`);
      await testApp.db.superuserQuery(`DELETE FROM submission_status_history WHERE position > ${behind}`);
      await testApp.db.superuserQuery(`UPDATE projection_checkpoints SET position = ${behind} WHERE name IN ('audit_index', 'submission_status_history')`);
    };
    for (const [mode, point] of [...points.map((p) => ['caught up', p] as const), ['lagging', lagging] as const, ...points.map((p) => ['lagging', p] as const)]) {
      if (typeof point === 'function') {
        await point();
        continue;
      }
      const at = point === undefined ? undefined : parsePointInLog(point);
      const year = log.filter((e) => fiscalYearOfStream(e.streamId) === FY && withinPoint(at, e));
      const asOf = point === undefined ? '' : `?asOf=${point}`;
      for (const code of codes) {
        const timeline = await http().get(`/audit/fiscal-years/${FY}/timeline/${code}${asOf}`).set('Authorization', auditor).expect(200);
        const expected = recipientTimeline(FY, code, year);
        expect([mode, point, code, timeline.body]).toEqual([mode, point, code, { fiscalYear: FY, code, entries: expected.entries, current: expected.view }]);
        const recipient = await http().get(`/audit/fiscal-years/${FY}/recipients/${code}${asOf}`).set('Authorization', auditor).expect(200);
        const history = historyAsOf(FY, year);
        expect([mode, point, code, recipient.body]).toEqual([mode, point, code, { fiscalYear: FY, code, position: year[year.length - 1].position.toString(), view: recipientView(history, code) }]);
      }
      if (point === undefined) continue;
      const listed = await http().get(`/fiscal-years/${FY}/submissions${asOf}`).set('Authorization', auditor).expect(200);
      const then = historyAsOf(FY, year);
      const folded = [...then.register.insurers.keys()].filter((code) => then.submissions.has(code)).sort().map((code) => {
        const row = year.filter((e) => e.streamId === `submission-${FY}-${code}`).reduce<SubmissionOverviewRow | null>(evolveSubmissionOverview, null)!;
        return { insurerCode: row.insurer_code, prefectureCode: row.prefecture_code, status: row.status, returnedCount: row.returned_count, correctedCount: row.corrected_count, version: row.version, lastEventType: row.last_event_type, lastChangedAt: row.last_changed_at };
      });
      expect([mode, point, listed.body.submissions]).toEqual([mode, point, folded]);
    }
    runner.start();
    await runner.waitFor(head);
  });

  it('does the same from the command line against the database, with the service’s tables out of the loop', async () => {
    const env = { DATABASE_URL: testApp.db.url };
    const printed: string[] = [];
    const io = { out: (line: string) => printed.push(line) };
    const code = insurers[0].code;
    expect(await timelineCommand(['--fiscal-year', FY, '--code', code, '--fields', 'correction,amount'], env, io)).toBe(0);
    expect(printed.some((line) => /ScoreCorrected by admin-2 \(national-admin, MHLW\) command .+ 理由\/reason: 監査で根拠資料の不備が判明。/.test(line))).toBe(true);
    // Each entry shows its time in UTC as stored and, for people, in JST with 和暦.
    const entry = printed.find((line) => line.includes('ScoreCorrected by admin-2'))!;
    const [, utc, jst] = /^#\d+ (\S+)（(.+（JST）)）/.exec(entry)!;
    expect(jst).toBe(formatJstWareki(utc));
    expect(printed).toContain('    correction.suishin: — → 0');
    expect(printed.some((line) => /^ {4}amount\.suishin-municipal: \d+ → 0$/.test(line))).toBe(true);

    const [recalculation] = await testApp.db.superuserQuery<{ position: string }>(`SELECT position::text FROM events WHERE type = 'GrantsRecalculated'`);
    printed.length = 0;
    expect(await asOfCommand(['--fiscal-year', FY, '--at', String(BigInt(recalculation.position) - 1n), '--code', code], env, io)).toBe(0);
    expect(printed).toContain('amount.basis\tfinal');
    printed.length = 0;
    expect(await asOfCommand(['--fiscal-year', FY, '--at', recalculation.position], env, io)).toBe(0);
    expect(printed).toContain('amounts in force: 再算定 1 / recalculation 1');
    expect(printed).toContain(`suishin-municipal,${code},0`);

    printed.length = 0;
    expect(await diffCommand(['--fiscal-year', FY, '--from', 'final', '--to', 'recalculation:1', '--csv'], env, io)).toBe(0);
    expect(printed[0]).toBe('交付金区分,団体コード,比較元（円）,比較先（円）,差額（円）');
    const rows = printed.slice(1).map((line) => line.split(','));
    expect(rows.reduce((sum, row) => sum + BigInt(row[4]), 0n)).toBe(0n);
    expect(rows.find((row) => row[1] === code)?.[3]).toBe('0');

    const file = join(tmpdir(), `export-${process.pid}-${Date.now()}.ndjson`);
    printed.length = 0;
    expect(await exportCommand(['--out', file, '--fiscal-year', FY], env, io)).toBe(0);
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { position: string; hash: string; type: string; checkpoint?: true });
    // The events, then the signed checkpoints at the year's events, then the trailer: the counts and the last event's digest.
    const [exported, signed, trailer] = [lines.filter((l) => !l.checkpoint).slice(0, -1), lines.filter((l) => l.checkpoint), lines.at(-1)];
    const [stored] = await testApp.db.superuserQuery<{ n: number; hash: string }>(`SELECT count(*)::int AS n, (SELECT hash FROM events ORDER BY position DESC LIMIT 1) AS hash FROM events`);
    expect(exported).toHaveLength(stored.n);
    expect(exported.at(-1)?.hash).toBe(stored.hash);
    // The service signed the head after the phase changes, the finalization and the recalculation.
    expect(signed.length).toBeGreaterThanOrEqual(3);
    expect(trailer).toEqual({ trailer: true, events: stored.n, checkpoints: signed.length, digest: `${exported.at(-1)?.position}:${stored.hash}`, fiscalYear: FY });

    // Replay into a fresh, empty read store: the read models rebuilt from zero equal the live ones.
    const fresh = await createTestDatabase();
    try {
      printed.length = 0;
      expect(await replayCommand(['--fiscal-year', FY, '--read-store', fresh.url], env, io)).toBe(0);
      expect(printed).toContain(`read model submission_overview: ${N} rows rebuilt, equal to the live rows`);
      expect(printed.some((line) => /^read model stream_catalog: \d+ rows rebuilt, equal to the live rows$/.test(line))).toBe(true);
      expect(printed).toContain('read model score_calculation: 1 rows rebuilt, equal to the live rows');
      expect(printed).toContain(`read model recipient_score: ${N + 47} rows rebuilt, equal to the live rows`);
      expect(printed).toContain(`read model score_ranking: ${3 * N} rows rebuilt, equal to the live rows`);
      expect(printed.some((line) => /^read model audit_index: \d+ rows rebuilt, equal to the live rows$/.test(line))).toBe(true);
      expect(printed.some((line) => /^read model submission_status_history: \d+ rows rebuilt, equal to the live rows$/.test(line))).toBe(true);
      printed.length = 0;
      await expect(replayCommand(['--fiscal-year', FY, '--read-store', fresh.url], env, io)).rejects.toThrow('must be an empty database');
    } finally {
      await fresh.drop();
    }
    // Usage and not-found exit codes, as scripts see them.
    expect(await cliMain(['timeline', '--fiscal-year', FY, '--code', '242056'], env)).toBe(2);
    expect(await cliMain(['diff', '--fiscal-year', FY, '--from', 'trial:9'], env)).toBe(5);
    expect(await cliMain(['as-of', '--fiscal-year', 'FY2019', '--at', '5'], env)).toBe(5);
    expect(await cliMain(['as-of', '--fiscal-year', FY, '--at', 'yesterday'], env)).toBe(2);
    expect(await cliMain(['diff', '--fiscal-year', FY, '--to', 'drop table'], env)).toBe(2);
    expect(await cliMain(['timeline', '--fiscal-year', FY, '--code', code, '--fields', 'salary'], env)).toBe(2);
    expect(await cliMain(['replay', '--fiscal-year', FY, '--unknown', 'x'], env)).toBe(2);
    expect(await cliMain(['export', '--fiscal-year', FY, '--out', file], env)).toBe(2); // never overwrites a file
    rmSync(file);
  });

  it('replays the whole year from its events alone, reproducing every recorded decision, and names a tampered one', async () => {
    const store = app.get(EventStore);
    const events = await store.readAll({ maxCount: 100_000 });
    expect(() => replayFiscalYear(FY, events)).not.toThrow();
    // The stored schema-1 event only replays through its upcaster (as every reader of the service reads it).
    expect(events.find((e) => e.type === 'RequestedAmountsSet' && e.schemaVersion === 1)?.data).toMatchObject({ suishinThousandYen: 20_000 });
    const report = replayFiscalYear(FY, events.map((e) => app.get(Upcasters).upcast(e)));
    expect(report).toMatchObject({ fiscalYear: FY, decisions: 8, mismatches: [] });
    const withoutUpcaster = replayFiscalYear(FY, events);
    expect(withoutUpcaster.mismatches.length).toBeGreaterThan(0);
    expect(report.events).toBe(events.length);
    const printed: string[] = [];
    const cli = (...args: string[]) => replayCommand(['--fiscal-year', FY, ...args], { DATABASE_URL: testApp.db.url }, { out: (line) => printed.push(line) });
    expect(await cli()).toBe(0);
    expect(printed.at(-1)).toBe(`${FY}: ${events.length} events, 8 decisions recomputed, 0 mismatches`);

    // As a superuser would: raise one insurer's recorded total in the ScoresCalculated event.
    const [row] = await testApp.db.superuserQuery<{ position: string; event_id: string }>(
      `SELECT position::text, event_id FROM events WHERE type = 'ScoresCalculated'`,
    );
    await testApp.db.superuserQuery(`SET session_replication_role = replica;
      UPDATE events SET data = jsonb_set(data, '{insurers,0,score}', '999') WHERE type = 'ScoresCalculated';`);
    const tampered = replayFiscalYear(FY, (await store.readAll({ maxCount: 100_000 })).map((e) => app.get(Upcasters).upcast(e)));
    expect(tampered.mismatches).toContainEqual(
      expect.objectContaining({ position: row.position, eventId: row.event_id, recipient: insurers[0].code, field: 'score', recorded: '999' }),
    );
    printed.length = 0;
    expect(await cli()).toBe(EXIT_NOT_REPRODUCED);
    expect(printed.some((line) => line.includes(`${insurers[0].code} score: recorded 999`))).toBe(true);
    const verification = await verifyChain((store as PostgresEventStore).connectionPool);
    expect(verification.failure).toMatchObject({ problem: 'altered', eventId: row.event_id });
    const auditor = bearer('auditor', 'MHLW');
    const chain = await http().get('/audit/chain').set('Authorization', auditor).expect(200);
    expect(chain.body).toMatchObject({ ok: false, failure: { problem: 'altered', eventId: row.event_id, position: row.position } });
    const replay = await http().get(`/audit/fiscal-years/${FY}/replay`).set('Authorization', auditor).expect(200);
    expect(replay.body.reproduced).toBe(false);
    expect(replay.body.mismatches).toContainEqual(expect.objectContaining({ eventId: row.event_id, recipient: insurers[0].code, field: 'score', recorded: '999' }));

    // A tampered national statistic and a tampered 規模区分 rank are named as well.
    const scoresEvent = (await store.readAll({ maxCount: 100_000 })).find((e) => e.type === 'ScoresCalculated')!;
    const statisticId = (scoresEvent.data as { indicatorStatistics: { municipal: { indicatorId: string }[] } }).indicatorStatistics.municipal[0].indicatorId;
    await testApp.db.superuserQuery(`SET session_replication_role = replica;
      UPDATE events SET data = jsonb_set(jsonb_set(data, '{indicatorStatistics,municipal,0,sd}', '99'), '{insurers,1,ranks,sizeBand,rank,competition}', '77')
      WHERE type = 'ScoresCalculated';`);
    const tamperedAgain = replayFiscalYear(FY, (await store.readAll({ maxCount: 100_000 })).map((e) => app.get(Upcasters).upcast(e)));
    expect(tamperedAgain.mismatches).toContainEqual(expect.objectContaining({ eventId: row.event_id, recipient: null, field: `statistics.municipal.${statisticId}.sd`, recorded: '99' }));
    expect(tamperedAgain.mismatches).toContainEqual(expect.objectContaining({ eventId: row.event_id, recipient: insurers[1].code, field: 'sizeBandRank', recorded: expect.stringMatching(/^\d:77\//) }));
  });

  it('shows the previous year’s total and national rank once that year (FY−1) is scored in the system', async () => {
    const store = app.get(EventStore);
    const runner = app.get(ProjectionRunner);
    await runner.waitFor(await store.headPosition());
    const code = insurers[1].code;
    const lastYear = (await http().get(`/fiscal-years/${FY}/scores/${code}`).set('Authorization', admin).expect(200)).body;
    // The next year's scores, as its ScoresCalculated would record them (the same tables, FY2025).
    const scored = (await store.readAll({ maxCount: 100_000 })).find((e) => e.type === 'ScoresCalculated')!;
    const before = await store.headPosition();
    await store.append('fiscal_year-FY2025', [{ type: 'ScoresCalculated', data: { ...(scored.data as object), fiscalYear: 'FY2025' } }], {
      expectedVersion: 'no_stream',
      metadata: { actorId: 'admin-1', actorRole: 'national-admin', organisationCode: 'MHLW', commandId: randomUUID() },
    });
    const next = await http().get(`/fiscal-years/FY2025/scores/${code}`).set('Authorization', admin).expect(200);
    const previousYear = { fiscalYear: FY, score: lastYear.total.score, maxPoints: 800, rank: lastYear.ranks.national };
    expect(next.body).toMatchObject({ grantYear: { fiscalYear: 'FY2025', name: '令和7年度' }, activityYear: { fiscalYear: 'FY2024', name: '令和6年度' }, previousYear });
    await runner.waitFor(await store.headPosition());
    expect((await http().get(`/fiscal-years/FY2025/scores/${code}`).set('Authorization', admin).expect(200)).body.previousYear).toEqual(previousYear);
    expect((await http().get(`/fiscal-years/FY2025/scores/${code}?asOf=${before}`).set('Authorization', admin).expect(404)).body.code).toBe('SCORING.NOT_SCORED');
    const asOf = await http().get(`/fiscal-years/FY2025/scores/${code}?asOf=${before + 1n}`).set('Authorization', admin).expect(200);
    expect(asOf.body.previousYear).toEqual(previousYear);
    const prefecture = await http().get('/fiscal-years/FY2025/prefecture-scores/24').set('Authorization', admin).expect(200);
    expect(prefecture.body.previousYear).toMatchObject({ fiscalYear: FY, maxPoints: 2935 });
  });
});
