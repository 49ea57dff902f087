/**
 * Bulk self-evaluation submission through the real HTTP API under load: the service started on a database of its
 * own, a fiscal year opened, 1,741 insurers registered, then autocannon with 50 concurrent clients saving answers
 * (PUT /fiscal-years/FY2025/submissions/:code/answers, each a real command appending an event).
 */
import { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { Framework, frameworkIndicators, withCheckDigit } from '@grants/domain';
import { createApp } from '../apps/api/src/app.factory';
import { issueToken } from '../apps/api/src/auth/tokens';
import { loadConfig } from '../apps/api/src/config/app-config';
import { BenchRow } from './event-store.bench';

const FY = 'FY2025';
const INSURERS = 1741;
const CONNECTIONS = 50;
const DURATION_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 15);

/** The whole service listening on a free local port, on `url`'s database; `env` adds settings. */
export async function startBenchApp(url: string, env: Record<string, string> = {}) {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: url, ...env });
  const app = await createApp({ databaseUrl: url, config });
  await app.listen(0, '127.0.0.1');
  return { app, config, base: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` };
}

export async function benchHttp(url: string, progress: (message: string) => void): Promise<BenchRow[]> {
  // Limits raised for the load generator (one address, one user per insurer); everything else as in production.
  const { app, config, base } = await startBenchApp(url, { RATE_LIMIT_PER_IP_PER_MINUTE: '100000000', RATE_LIMIT_WRITES_PER_MINUTE: '100000000' });
  const token = (role: 'national-admin' | 'insurer', org: string) => `Bearer ${issueToken(config, { sub: `${role}-${org}`, role, org }, 3600)}`;
  const admin = token('national-admin', 'MHLW');
  const call = async (method: string, path: string, body: unknown, auth = admin) => {
    const response = await fetch(`${base}${path}`, { method, headers: { Authorization: auth, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<unknown>;
  };
  try {
    progress('http: opening FY2025 and registering 1,741 insurers');
    const due = new Date(Date.now() + 3_600_000);
    await call('POST', '/fiscal-years', {
      fiscalYear: FY,
      pools: { suishinMunicipalYen: '19000000000', suishinPrefecturalYen: '1000000000', shienMunicipalYen: '19000000000', shienPrefecturalYen: '1000000000' },
      deadlines: { submissionsDueAt: due.toISOString(), prefectureSubmissionsDueAt: due.toISOString(), reviewDueAt: new Date(due.getTime() + 1000).toISOString() },
      allocationRuleVersion: 'municipal-score-x-insured-v1',
    });
    const codes = Array.from({ length: INSURERS }, (_, i) => withCheckDigit(`${String((i % 47) + 1).padStart(2, '0')}${String(200 + Math.floor(i / 47)).padStart(3, '0')}`));
    await call('PUT', `/fiscal-years/${FY}/insurers`, { insurers: codes.map((code, i) => ({ code, name: `保険者${i}`, category1InsuredPersons: 300 + ((i * 7919) % 100_000) })) });
    const framework = (await call('GET', `/fiscal-years/${FY}/frameworks/municipal`, undefined)) as Framework;
    // Two complete answer sets that differ, so that every save is a real change (an identical save stores nothing).
    const variants = [0, 1].map((v) => {
      const answers: Record<string, object> = {};
      for (const { indicator } of frameworkIndicators(framework)) {
        if (indicator.answerType === 'yes_no') answers[indicator.id] = { answerType: 'yes_no', yes: v === 0 };
        if (indicator.answerType === 'choice') answers[indicator.id] = { answerType: 'choice', optionIds: [indicator.options[v % indicator.options.length].id] };
      }
      return JSON.stringify({ answers });
    });
    const tokens = codes.map((code) => token('insurer', code));
    let next = 0;
    progress(`http: autocannon, ${CONNECTIONS} connections for ${DURATION_SECONDS} s`);
    const result = await autocannon({
      url: base,
      connections: CONNECTIONS,
      duration: DURATION_SECONDS,
      requests: [
        {
          setupRequest: (request) => {
            const i = next++;
            const insurer = i % INSURERS;
            return {
              ...request,
              method: 'PUT',
              path: `/fiscal-years/${FY}/submissions/${codes[insurer]}/answers`,
              headers: { Authorization: tokens[insurer], 'Content-Type': 'application/json' },
              body: variants[Math.floor(i / INSURERS) % 2],
            };
          },
        },
      ],
    });
    const stored = (await call('GET', `/fiscal-years/${FY}/submissions`, undefined)) as { count: number };
    return [
      { scenario: `HTTP bulk answers: ${CONNECTIONS} clients, ${DURATION_SECONDS} s (autocannon)`, value: `${Math.round(result.requests.average).toLocaleString('en-US')} requests/s, ${result.requests.total.toLocaleString('en-US')} requests` },
      { scenario: 'HTTP bulk answers: latency p50 / p99', value: `${result.latency.p50} ms / ${result.latency.p99} ms` },
      { scenario: 'HTTP bulk answers: errors', value: `${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts; ${stored.count} insurers with answers` },
    ];
  } finally {
    await app.close();
  }
}
