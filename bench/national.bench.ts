/**
 * Decisions and reads on the generated national fiscal year: the scoring of the nation and the allocation of the four
 * pools (pure, from the year's state just before each was recorded), and the service's own reads on that data set
 * (rankings, a score table, the status list, the same list as of a past position, an insurer's audit timeline and its
 * view as of a past position), each as p50 and p95 over 50 requests.
 */
import { calculatePools, calculationInputs, FiscalYearHistory, ReplayedEvent, scoreFiscalYear } from '@grants/domain';
import { EventStore, ProjectionRunner } from '@grants/event-store';
import { issueToken } from '../apps/api/src/auth/tokens';
import { BenchRow } from './event-store.bench';
import { startBenchApp } from './http.bench';

/** The middle of the measured values (the upper middle of an even count). */
export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

/** The p-th percentile of the measured values (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

const READ_RUNS = 50;

function time(runs: number, work: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = process.hrtime.bigint();
    work();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(times);
}

/** Scoring of the nation and allocation, timed from the states the year had when they were recorded. */
export function benchNationalDecisions(fiscalYear: string, events: readonly ReplayedEvent[]): BenchRow[] {
  const history = new FiscalYearHistory(fiscalYear);
  const rows: BenchRow[] = [];
  let scored = false;
  for (const event of events) {
    if (!scored && event.type === 'ScoresCalculated' && history.year.status === 'opened') {
      const states = { year: history.year, register: history.register, submissions: history.submissions, prefectureSubmissions: history.prefectureSubmissions, figures: history.figures };
      const ms = time(3, () => scoreFiscalYear(states, new Date()));
      rows.push({ scenario: `national: scoring of the nation (${history.register.insurers.size.toLocaleString('en-US')} insurers, 47 prefectures)`, value: `${ms.toFixed(0)} ms median of 3` });
      scored = true;
    }
    if (scored && event.type === 'GrantTrialCalculated' && history.latestScores && history.year.status === 'opened') {
      const year = history.year;
      const inputs = calculationInputs(year, history.latestScores, history.register, history.prefectureSubmissions);
      const ms = time(5, () => calculatePools(inputs));
      rows.push({ scenario: 'national: allocation of the four pools (inputs from the recorded scores)', value: `${ms.toFixed(1)} ms median of 5` });
      break;
    }
    history.apply(event);
  }
  return rows;
}

/** The service's reads on the national data set, over HTTP. */
export async function benchNationalReads(url: string, fiscalYear: string, insurerCode: string): Promise<BenchRow[]> {
  const { app, config, base } = await startBenchApp(url);
  const auditor = `Bearer ${issueToken(config, { sub: 'auditor-bench', role: 'auditor', org: 'MHLW' }, 3600)}`;
  const get = async (path: string): Promise<number> => {
    const started = process.hrtime.bigint();
    const response = await fetch(`${base}${path}`, { headers: { Authorization: auditor } });
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${(await response.text()).slice(0, 300)}`);
    await response.arrayBuffer();
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  try {
    const rows: BenchRow[] = [];
    // The read models catch up with the whole national log first (the service does this on start).
    const started = Date.now();
    const head = await app.get(EventStore).headPosition();
    await app.get(ProjectionRunner).waitFor(head, 600_000);
    const seconds = (Date.now() - started) / 1000;
    rows.push({ scenario: `national reads: read models caught up from zero (${head.toLocaleString('en-US')} events)`, value: `${seconds.toFixed(1)} s, ${Math.round(Number(head) / seconds).toLocaleString('en-US')} events/s` });
    // Each read: one warm-up, then RUNS requests one after another; the median and the 95th percentile are printed.
    const measure = async (label: string, path: string, runs = READ_RUNS) => {
      await get(path); // warm: the first read folds the streams it needs
      const times: number[] = [];
      for (let i = 0; i < runs; i += 1) times.push(await get(path));
      rows.push({ scenario: `national reads: ${label}`, value: `p50 ${percentile(times, 50).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms over ${runs} (target p95 < 200 ms)` });
    };
    await measure('rankings of 1,741 insurers', `/fiscal-years/${fiscalYear}/rankings`);
    await measure(`score table of ${insurerCode}`, `/fiscal-years/${fiscalYear}/scores/${insurerCode}`);
    await measure('submission status list (read model)', `/fiscal-years/${fiscalYear}/submissions`);
    await measure('submission status list as of position 200,000 (status history)', `/fiscal-years/${fiscalYear}/submissions?asOf=200000`);
    const timeline = `/audit/fiscal-years/${fiscalYear}/timeline/${insurerCode}`;
    const entries = ((await (await fetch(`${base}${timeline}`, { headers: { Authorization: auditor } })).json()) as { entries: unknown[] }).entries.length;
    await measure(`audit timeline of ${insurerCode} (${entries} entries, audit index)`, timeline);
    await measure(`recipient ${insurerCode} as of position 200,000 (audit index)`, `/audit/fiscal-years/${fiscalYear}/recipients/${insurerCode}?asOf=200000`);
    return rows;
  } finally {
    await app.close();
  }
}
