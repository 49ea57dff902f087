/**
 * `/health` latency while the hostile requests of the hostile review are sent in a loop: answers of
 * 90,000 keys, JSON 200,000 levels deep or of 21,000 values, and 19 MB register, answers and national figures CSVs
 * (test/support/hostile-traffic.ts, from a process of its own). One row: p99 under attack, next to the p99 without.
 */
import { withCheckDigit } from '@grants/domain';
import { issueToken } from '../apps/api/src/auth/tokens';
import { percentile, sampleHealth, startAttack } from '../test/support/hostile-traffic';
import { BenchRow } from './event-store.bench';
import { startBenchApp } from './http.bench';

const FY = 'FY2025';
const SAMPLES = 300;

export async function benchHealthUnderAttack(url: string, progress: (message: string) => void): Promise<BenchRow[]> {
  const unlimited = '100000000';
  const { app, config, base } = await startBenchApp(url, { RATE_LIMIT_PER_IP_PER_MINUTE: unlimited, RATE_LIMIT_WRITES_PER_MINUTE: unlimited, RATE_LIMIT_UPLOADS_PER_MINUTE: unlimited });
  const token = (role: 'national-admin' | 'insurer' | 'prefecture', org: string) => `Bearer ${issueToken(config, { sub: `${role}-${org}`, role, org }, 3600)}`;
  const admin = token('national-admin', 'MHLW');
  const insurerCode = withCheckDigit('24220');
  const call = async (method: string, path: string, body: unknown) => {
    const response = await fetch(`${base}${path}`, { method, headers: { Authorization: admin, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  };
  try {
    progress('hostile: opening FY2025 and registering one insurer');
    const due = new Date(Date.now() + 3_600_000);
    await call('POST', '/fiscal-years', {
      fiscalYear: FY,
      pools: { suishinMunicipalYen: '1000000', suishinPrefecturalYen: '1000000', shienMunicipalYen: '1000000', shienPrefecturalYen: '1000000' },
      deadlines: { submissionsDueAt: due.toISOString(), prefectureSubmissionsDueAt: due.toISOString(), reviewDueAt: new Date(due.getTime() + 1000).toISOString() },
      allocationRuleVersion: 'municipal-score-x-insured-v1',
    });
    await call('PUT', `/fiscal-years/${FY}/insurers`, { insurers: [{ code: insurerCode, name: '桑名市', category1InsuredPersons: 37_512 }] });
    // Start the file-reading thread and warm the routes.
    await fetch(`${base}/fiscal-years/${FY}/insurers/import`, { method: 'PUT', headers: { Authorization: admin, 'Content-Type': 'text/csv' }, body: '保険者番号\n' });
    await sampleHealth(base, 20);
    progress(`hostile: ${SAMPLES} calls of /health without, then with the attack`);
    const quiet = await sampleHealth(base, SAMPLES);
    const attack = await startAttack({ base, fiscalYear: FY, insurerCode, tokens: { admin, insurer: token('insurer', insurerCode), prefecture24: token('prefecture', '24') } });
    const attacked = await sampleHealth(base, SAMPLES).catch(async (error: unknown) => {
      await attack.stop();
      throw error;
    });
    const tally = await attack.stop();
    const sent = Object.values(tally).reduce((sum, kind) => sum + kind.sent, 0);
    const wrong = Object.values(tally).reduce((sum, kind) => sum + kind.unexpected.length, 0);
    const ms = (values: number[], p: number) => `${percentile(values, p).toFixed(1)} ms`;
    return [
      {
        scenario: `/health p99 under hostile bodies (${SAMPLES} calls)`,
        value: `${ms(attacked.latencies, 99)} (p50 ${ms(attacked.latencies, 50)}; without attack p99 ${ms(quiet.latencies, 99)}); ${sent} hostile requests, ${wrong} not refused as expected`,
      },
    ];
  } finally {
    await app.close();
  }
}
