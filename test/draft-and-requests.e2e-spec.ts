import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { withCheckDigit } from '@grants/domain';
import { walkOpenedYearToScored } from './support/fiscal-year';
import { startTestApp, TestApp } from './support/test-app';
import { bearer } from './support/tokens';

/**
 * 内示 and municipal 所要見込額 on a small year under mhlw-fy2024-v1: a trial is published as the draft, each
 * recipient sees only its own 案, two insurers ask for less than their 案, and the next trial pays them exactly their
 * request and the freed money as 追加交付 to the others; the replay reproduces every decision.
 */
const FY = 'FY2024';
const admin = bearer('national-admin', 'MHLW', 'admin-1');
const auditor = bearer('auditor', 'MHLW', 'auditor-1');
const codes = ['24201', '24202', '24203', '24204'].map(withCheckDigit);
const POOLS = { suishinMunicipalYen: '10000000', suishinPrefecturalYen: '1000000', shienMunicipalYen: '20000000', shienPrefecturalYen: '1000000' };

interface Recipient {
  code: string;
  amountYen: string;
  draftYen: string;
  additionalYen: string;
}
interface Pool {
  pool: string;
  poolYen: string;
  unallocatedYen: string;
  recipients: Recipient[];
}

describe('内示 and municipal 所要見込額 over HTTP', () => {
  let testApp: TestApp;
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  let firstTrial: Pool[];

  beforeAll(async () => {
    testApp = await startTestApp();
    app = testApp.app;
  });
  afterAll(async () => testApp?.close());

  it('opens a year under mhlw-fy2024-v1 and walks it to a first trial', async () => {
    const dueAt = new Date(Date.now() + 4000);
    await http()
      .post('/fiscal-years')
      .set('Authorization', admin)
      .send({
        fiscalYear: FY,
        pools: POOLS,
        deadlines: { submissionsDueAt: dueAt.toISOString(), prefectureSubmissionsDueAt: new Date(dueAt.getTime() + 100).toISOString(), reviewDueAt: new Date(dueAt.getTime() + 200).toISOString() },
        allocationRuleVersion: 'mhlw-fy2024-v1',
      })
      .expect(201);
    await walkOpenedYearToScored(app, FY, codes, admin, dueAt);

    // Before 内示 there is no draft to see and nothing to request against.
    await http().get(`/fiscal-years/${FY}/calculations/draft/${codes[0]}`).set('Authorization', admin).expect(404);
    const early = await http().put(`/fiscal-years/${FY}/submissions/${codes[0]}/requested-amounts`).set('Authorization', bearer('insurer', codes[0])).send({ suishinYen: '1', shienYen: '1' }).expect(409);
    expect(early.body.code).toBe('REQUESTS.WINDOW_NOT_OPEN');

    await http().post(`/fiscal-years/${FY}/calculations/trials`).set('Authorization', admin).expect(201);
    firstTrial = (await http().get(`/fiscal-years/${FY}/calculations/latest`).set('Authorization', admin).expect(200)).body.pools;
    expect(firstTrial.find((p) => p.pool === 'suishin-municipal')!.recipients).toHaveLength(4);
  });

  it('publishes the trial as the draft; each recipient sees only its own 案', async () => {
    await http().post(`/fiscal-years/${FY}/calculations/draft`).set('Authorization', bearer('insurer', codes[0])).send({ trialNumber: 1 }).expect(403);
    const published = await http().post(`/fiscal-years/${FY}/calculations/draft`).set('Authorization', admin).send({ trialNumber: 1 }).expect(200);
    expect(published.body).toMatchObject({ fiscalYear: FY, trialNumber: 1, publishedBy: 'admin-1' });

    const own = await http().get(`/fiscal-years/${FY}/calculations/draft/${codes[0]}`).set('Authorization', bearer('insurer', codes[0])).expect(200);
    const draftOf = (pool: string, code: string) => firstTrial.find((p) => p.pool === pool)!.recipients.find((r) => r.code === code)!.draftYen;
    expect(own.body).toMatchObject({ fiscalYear: FY, code: codes[0], trialNumber: 1, publishedBy: 'admin-1' });
    expect(typeof own.body.publishedAt).toBe('string');
    expect(own.body.pools).toEqual(
      ['suishin-municipal', 'shien-municipal'].map((pool) => ({ pool, draftYen: draftOf(pool, codes[0]), draftThousandYen: String(BigInt(draftOf(pool, codes[0])) / 1000n) })),
    );
    await http().get(`/fiscal-years/${FY}/calculations/draft/${codes[1]}`).set('Authorization', bearer('insurer', codes[0])).expect(403);
    await http().get(`/fiscal-years/${FY}/calculations/draft/${codes[1]}`).set('Authorization', bearer('prefecture', '24')).expect(200);
    await http().get(`/fiscal-years/${FY}/calculations/draft/24`).set('Authorization', bearer('prefecture', '24')).expect(200);
    await http().get(`/fiscal-years/${FY}/calculations/draft/${codes[1]}`).set('Authorization', bearer('prefecture', '13')).expect(403);
    await http().get(`/fiscal-years/${FY}/calculations/draft/${codes[2]}`).set('Authorization', auditor).expect(200);

    // 内示 as the year's phase, then the 所要見込額 window with its date.
    await http().post(`/fiscal-years/${FY}/phase`).set('Authorization', admin).send({ to: 'draft_published' }).expect(200);
    const closed = await http().put(`/fiscal-years/${FY}/submissions/${codes[0]}/requested-amounts`).set('Authorization', bearer('insurer', codes[0])).send({ suishinYen: '1', shienYen: '1' }).expect(409);
    expect(closed.body.code).toBe('REQUESTS.WINDOW_NOT_OPEN');
    const requestsDueAt = new Date(Date.now() + 3_600_000).toISOString();
    await http().post(`/fiscal-years/${FY}/phase`).set('Authorization', admin).send({ to: 'requests_open', requestsDueAt }).expect(200);
    const year = await http().get(`/fiscal-years/${FY}`).set('Authorization', admin).expect(200);
    expect(year.body).toMatchObject({ phase: 'requests_open', requestsDueAt, nextPhase: 'requests_closed' });
  });

  it('two insurers ask for less than their 案; the next trial pays them exactly that and 追加交付 to the others', async () => {
    const draftOf = (pool: string, code: string) => BigInt(firstTrial.find((p) => p.pool === pool)!.recipients.find((r) => r.code === code)!.draftYen);
    const asks = new Map([
      [codes[2], { suishinYen: (draftOf('suishin-municipal', codes[2]) - 500_000n).toString(), shienYen: (draftOf('shien-municipal', codes[2]) - 1_000_000n).toString() }],
      [codes[3], { suishinYen: (draftOf('suishin-municipal', codes[3]) - 300_000n).toString(), shienYen: (draftOf('shien-municipal', codes[3]) - 2_000_000n).toString() }],
    ]);
    await http().put(`/fiscal-years/${FY}/submissions/${codes[2]}/requested-amounts`).set('Authorization', bearer('insurer', codes[2])).send(asks.get(codes[2])).expect(200);
    // The prefecture on its municipality's behalf; another insurer may not.
    await http().put(`/fiscal-years/${FY}/submissions/${codes[3]}/requested-amounts`).set('Authorization', bearer('insurer', codes[0])).send(asks.get(codes[3])).expect(403);
    await http().put(`/fiscal-years/${FY}/submissions/${codes[3]}/requested-amounts`).set('Authorization', bearer('prefecture', '24')).send(asks.get(codes[3])).expect(200);
    const bad = await http().put(`/fiscal-years/${FY}/submissions/${codes[3]}/requested-amounts`).set('Authorization', bearer('prefecture', '24')).send({ suishinYen: '-1', shienYen: '1.5' }).expect(400);
    expect(bad.body.code).toBeDefined();

    // The requests received, beside each 案, with per pool Σ案 and what the requests below 案 free.
    const received = (await http().get(`/fiscal-years/${FY}/calculations/requests`).set('Authorization', admin).expect(200)).body;
    expect(received).toMatchObject({ fiscalYear: FY, draftTrialNumber: 1 });
    for (const [code, ask] of asks) {
      expect(received.rows.find((r: { code: string }) => r.code === code)).toMatchObject({
        level: 'municipal',
        suishin: { draftYen: draftOf('suishin-municipal', code).toString(), requestedYen: ask.suishinYen, differenceYen: (BigInt(ask.suishinYen) - draftOf('suishin-municipal', code)).toString() },
        shien: { draftYen: draftOf('shien-municipal', code).toString(), requestedYen: ask.shienYen },
        requestedAt: expect.any(String),
      });
    }
    expect(received.rows.find((r: { code: string }) => r.code === codes[0])).toMatchObject({ suishin: { requestedYen: null, differenceYen: null }, requestedAt: null });
    expect(received.pools.find((p: { pool: string }) => p.pool === 'suishin-municipal')).toEqual({
      pool: 'suishin-municipal',
      draftYen: codes.reduce((sum, code) => sum + draftOf('suishin-municipal', code), 0n).toString(),
      requests: 2,
      belowDraft: 2,
      freedYen: '800000',
    });
    await http().get(`/fiscal-years/${FY}/calculations/requests`).set('Authorization', bearer('prefecture', '24')).expect(403);

    // No trial while the window is open; once it is closed, the trial settles the requests.
    await http().post(`/fiscal-years/${FY}/calculations/trials`).set('Authorization', admin).expect(409);
    await http().post(`/fiscal-years/${FY}/phase`).set('Authorization', admin).send({ to: 'requests_closed' }).expect(200);
    const late = await http().put(`/fiscal-years/${FY}/submissions/${codes[0]}/requested-amounts`).set('Authorization', bearer('insurer', codes[0])).send({ suishinYen: '1', shienYen: '1' }).expect(409);
    expect(late.body.code).toBe('REQUESTS.WINDOW_CLOSED');
    await http().post(`/fiscal-years/${FY}/calculations/trials`).set('Authorization', admin).expect(201);
    const second: Pool[] = (await http().get(`/fiscal-years/${FY}/calculations/latest`).set('Authorization', admin).expect(200)).body.pools;
    for (const [pool, key] of [
      ['suishin-municipal', 'suishinYen'],
      ['shien-municipal', 'shienYen'],
    ] as const) {
      const settled = second.find((p) => p.pool === pool)!;
      const freed = [...asks.entries()].reduce((sum, [code, ask]) => sum + draftOf(pool, code) - BigInt(ask[key]), 0n);
      let additional = 0n;
      for (const recipient of settled.recipients) {
        // The 案 is the published one.
        expect(recipient.draftYen).toBe(draftOf(pool, recipient.code).toString());
        const ask = asks.get(recipient.code);
        if (ask) {
          expect(recipient.amountYen).toBe(ask[key]);
        } else {
          expect(BigInt(recipient.additionalYen)).toBeGreaterThan(0n);
          expect(BigInt(recipient.amountYen)).toBe(draftOf(pool, recipient.code) + BigInt(recipient.additionalYen));
          additional += BigInt(recipient.additionalYen);
        }
      }
      // 追加交付 places the freed money, up to what the 1,000-yen unit leaves over.
      expect(additional).toBeLessThanOrEqual(freed);
      expect(freed - additional).toBeLessThan(1000n * BigInt(settled.recipients.length));
      const placed = settled.recipients.reduce((sum, r) => sum + BigInt(r.amountYen), 0n);
      expect(placed + BigInt(settled.unallocatedYen)).toBe(BigInt(settled.poolYen));
    }
  });

  it('replays the year: every decision reproduced', async () => {
    const replay = await http().get(`/audit/fiscal-years/${FY}/replay`).set('Authorization', auditor).expect(200);
    // The scoring, the two trials and the 内示 (DraftPublished), each recomputed from the state before it.
    expect(replay.body).toMatchObject({ fiscalYear: FY, decisions: 4, mismatches: [], reproduced: true });
  });
});
