import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { PostgresEventStore } from '@grants/event-store';
import { createTestDatabase, TestDatabase } from '@grants/testing';
import { createApp } from '../apps/api/src/app.factory';
import { loadConfig } from '../apps/api/src/config/app-config';
import { generateNationalFiscalYear } from '../bench/national/national-fiscal-year';
import { TEST_ENV } from './support/test-app';
import { bearer } from './support/tokens';

/**
 * One rule for the amounts in force (the latest recalculation, else the finalized amounts, else the latest trial):
 * after a recalculation, an insurer's `calculations/latest?code=`, "why this amount", the 交付額一覧, the audit's
 * calculation list, diff and recipient view all show the recalculated amount; as of before it, the finalized one.
 */
const FY = 'FY2024';
const admin = bearer('national-admin', 'MHLW', 'admin-1');
const admin2 = bearer('national-admin', 'MHLW', 'admin-2');
const auditor = bearer('auditor', 'MHLW');
const POOL = 'suishin-municipal';

interface Pool {
  readonly pool: string;
  readonly recipients: readonly { readonly code: string; readonly amountYen: string }[];
}

describe('the amounts in force after a recalculation', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let code: string;
  let finalYen: string;
  let beforeRecalculation: string;
  const http = () => request(app.getHttpServer());
  const calc = `/fiscal-years/${FY}/calculations`;
  const amountOf = (pools: readonly Pool[]) => pools.find((p) => p.pool === POOL)?.recipients.find((r) => r.code === code)?.amountYen;

  beforeAll(async () => {
    // A small finalized year, written through the service's own commands (bench/national), then the service on it.
    db = await createTestDatabase();
    const store = new PostgresEventStore({ connectionString: db.url, poolSize: 4 });
    await generateNationalFiscalYear(store, { seed: 11, fiscalYear: FY, targetEvents: 1_500, insurers: 30, databaseUrl: db.url });
    await store.close();
    app = await createApp({ databaseUrl: db.url, config: loadConfig({ ...TEST_ENV, DATABASE_URL: db.url }) });
    await app.init();

    const final = (await http().get(`${calc}/latest`).set('Authorization', admin).expect(200)).body as { pools: Pool[] };
    const paid = final.pools.find((p) => p.pool === POOL)!.recipients.find((r) => BigInt(r.amountYen) > 0n)!;
    code = paid.code;
    finalYen = paid.amountYen;
    // 推進 score corrected to 0 (two administrators), then the recalculation: the insurer's amount in force becomes 0.
    const correction = { level: 'municipal', code, grant: 'suishin', score: 0, reason: '監査で根拠資料の不備が判明。' };
    const requested = await http().post(`${calc}/score-corrections`).set('Authorization', admin).send(correction).expect(200);
    await http().post(`${calc}/score-corrections/${requested.body.correctionId}/approval`).set('Authorization', admin2).expect(200);
    beforeRecalculation = (await http().get(`/audit/fiscal-years/${FY}/calculations`).set('Authorization', auditor).expect(200)).body.calculations.at(-1).position;
    const recalculation = await http().post(`${calc}/recalculations`).set('Authorization', admin).expect(201);
    expect(recalculation.body.differences).toContainEqual(expect.objectContaining({ pool: POOL, code, newAmountYen: '0', finalAmountYen: finalYen }));
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it("shows the insurer the recalculated amount in calculations/latest?code=, as in why/{code}", async () => {
    const insurer = bearer('insurer', code);
    const latest = await http().get(`${calc}/latest?code=${code}`).set('Authorization', insurer).expect(200);
    const why = await http().get(`${calc}/why/${code}`).set('Authorization', insurer).expect(200);
    expect(why.body.pools.find((p: { pool: string }) => p.pool === POOL).amountYen).toBe('0');
    expect(amountOf(latest.body.pools)).toBe('0');
    // Every pool the same in both, not just the corrected one.
    for (const pool of latest.body.pools as Pool[]) {
      const explained = why.body.pools.find((p: { pool: string }) => p.pool === pool.pool);
      expect([pool.pool, pool.recipients[0]?.amountYen]).toEqual([pool.pool, explained?.amountYen]);
    }
    expect(why.body.calculation).toMatchObject({ finalized: true, recalculationNumber: 1 });
    expect(latest.body).toMatchObject({ calculation: 'recalculation:1', recalculation: { recalculationNumber: 1 }, finalized: { trialNumber: why.body.calculation.trialNumber } });
  });

  it('shows the finalized amount in both as of a point before the recalculation', async () => {
    const insurer = bearer('insurer', code);
    const latest = await http().get(`${calc}/latest?code=${code}&asOf=${beforeRecalculation}`).set('Authorization', insurer).expect(200);
    const why = await http().get(`${calc}/why/${code}?asOf=${beforeRecalculation}`).set('Authorization', insurer).expect(200);
    expect(why.body.pools.find((p: { pool: string }) => p.pool === POOL).amountYen).toBe(finalYen);
    expect(amountOf(latest.body.pools)).toBe(finalYen);
    expect(latest.body).toMatchObject({ calculation: 'final', recalculation: null });
  });

  it('names the same calculation in force in the whole latest, the report, the audit list, the diff and the recipient view', async () => {
    const whole = await http().get(`${calc}/latest`).set('Authorization', admin).expect(200);
    expect(whole.body.calculation).toBe('recalculation:1');
    const report = await http().get(`${calc}/report`).set('Authorization', auditor).expect(200);
    const row = report.text.split('\r\n').find((line) => line.startsWith(`市町村分,${code},`))!;
    // 推進: 確定 / 再算定 / 差額 in whole 千円.
    const finalThousand = (BigInt(finalYen) / 1000n).toString();
    expect(row.split(',').slice(4, 7)).toEqual([finalThousand, '0', `-${finalThousand}`]);
    const list = await http().get(`/audit/fiscal-years/${FY}/calculations`).set('Authorization', auditor).expect(200);
    expect(list.body.inForce).toBe(whole.body.calculation);
    const diff = await http().get(`/audit/fiscal-years/${FY}/diff?from=final&to=in-force`).set('Authorization', auditor).expect(200);
    expect(diff.body.to.ref).toBe(whole.body.calculation);
    expect(diff.body.rows).toContainEqual({ pool: POOL, code, fromYen: finalYen, toYen: '0', differenceYen: `-${finalYen}` });
    const inForceAmounts = new Map((whole.body.pools as Pool[]).flatMap((p) => p.recipients.map((r) => [`${p.pool}/${r.code}`, r.amountYen] as const)));
    for (const r of diff.body.rows as { pool: string; code: string; toYen: string | null }[]) expect([r.pool, r.code, r.toYen]).toEqual([r.pool, r.code, inForceAmounts.get(`${r.pool}/${r.code}`) ?? null]);
    const recipient = await http().get(`/audit/fiscal-years/${FY}/recipients/${code}`).set('Authorization', auditor).expect(200);
    expect(recipient.body.view).toMatchObject({ [`amount.${POOL}`]: '0', 'amount.basis': whole.body.calculation });
  });
});
