/**
 * The hostile requests of the hostile review, sent in a loop from a process of their own
 * (hostile-traffic-process.ts) while the caller measures `/health`: used by test/event-loop-under-attack.e2e-spec.ts
 * and by `npm run bench`. The attackers are other clients, so their own work does not count against the service.
 */
import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Just under the 20 MB upload limit: the largest file a client may send. */
export const MAX_UPLOAD = 19 * 1024 * 1024;

/** A CSV of `header` and as many `row`s as fit in `size` bytes. */
export function csvOf(header: string, row: string, size: number): Buffer {
  const head = Buffer.from(`${header}\n`);
  const line = Buffer.from(`${row}\n`);
  return Buffer.concat([head, Buffer.alloc(Math.floor((size - head.length) / line.length) * line.length, line)]);
}

/** JSON bodies: each refused before the work it would cost. */
export const HOSTILE_JSON = {
  /** 90,000 keys in the answers object, 956 KB as the review sent it. */
  ninetyThousandKeys: `{"answers":{${Array.from({ length: 90_000 }, (_, i) => `"k${i}":1`).join(',')}}}`,
  /** 200,000 levels of arrays. */
  deep: `{"answers":${'['.repeat(200_000)}${']'.repeat(200_000)}}`,
  /** 21 objects of 999 keys: each within the per-object limit, together over the body's 20,000 values. */
  wide: `{"answers":{${Array.from({ length: 21 }, (_, o) => `"o${o}":{${Array.from({ length: 999 }, (_, i) => `"k${i}":1`).join(',')}}`).join(',')}}}`,
};

/** Where the attack goes: a fiscal year, one registered insurer of prefecture 24, and tokens. */
export interface AttackTarget {
  readonly base: string;
  readonly fiscalYear: string;
  readonly insurerCode: string;
  readonly tokens: { readonly admin: string; readonly insurer: string; readonly prefecture24: string };
}

export interface AttackRequest {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly token: string;
  readonly contentType: string;
  readonly body: Buffer;
  /** The answer expected: the status and the stable code. */
  readonly expected: readonly [number, string];
}

/** Each kind of hostile request, with the answer the service must give it. */
export function attackRequests(target: AttackTarget): AttackRequest[] {
  const { fiscalYear: fy, insurerCode, tokens } = target;
  const answers = `/fiscal-years/${fy}/submissions/${insurerCode}/answers`;
  const json = (name: string, body: string, code: string): AttackRequest => ({ name, method: 'PUT', path: answers, token: tokens.insurer, contentType: 'application/json', body: Buffer.from(body), expected: [400, code] });
  return [
    json('answers of 90,000 keys', HOSTILE_JSON.ninetyThousandKeys, 'VALIDATION.TOO_MANY_KEYS'),
    json('JSON 200,000 levels deep', HOSTILE_JSON.deep, 'VALIDATION.TOO_DEEP'),
    json('JSON of 21,000 values', HOSTILE_JSON.wide, 'VALIDATION.TOO_MANY_VALUES'),
    {
      name: 'register CSV, 19 MB',
      method: 'PUT',
      path: `/fiscal-years/${fy}/insurers/import`,
      token: tokens.admin,
      contentType: 'text/csv',
      body: csvOf('保険者番号,保険者名,第1号被保険者数', `${insurerCode},桑名市,1`, MAX_UPLOAD),
      expected: [400, 'CSV.TOO_MANY_ROWS'],
    },
    {
      name: 'answers CSV, 19 MB',
      method: 'POST',
      path: `/fiscal-years/${fy}/prefectures/24/answers-import`,
      token: tokens.prefecture24,
      contentType: 'text/csv',
      body: csvOf('保険者番号,指標ID,回答', `${insurerCode},x,はい`, MAX_UPLOAD),
      expected: [400, 'CSV.TOO_MANY_ROWS'],
    },
    {
      name: 'national figures CSV, 19 MB',
      method: 'PUT',
      path: `/fiscal-years/${fy}/national-figures/import`,
      token: tokens.admin,
      contentType: 'text/csv',
      body: csvOf('保険者番号,指標ID,数値', `${insurerCode},x,1`, MAX_UPLOAD),
      expected: [400, 'CSV.TOO_MANY_ROWS'],
    },
  ];
}

/** What the attacking process sent, by kind: how many, and the answers that were not the expected one. */
export type AttackTally = Record<string, { readonly sent: number; readonly unexpected: readonly string[] }>;

/** The attacking process, started and ready (its bodies built): `stop()` ends the loops and returns the tally. */
export async function startAttack(target: AttackTarget): Promise<{ stop(): Promise<AttackTally> }> {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', resolve(__dirname, 'hostile-traffic-process.ts'), JSON.stringify(target)],
    { cwd: resolve(__dirname, '..', '..'), env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.json' } },
  );
  // The attackers stand for other machines: on this one they yield the cores to the service being measured.
  if (child.pid !== undefined) setPriority(child.pid, 19);
  let output = '';
  child.stdout.on('data', (chunk) => (output += String(chunk)));
  child.stderr.on('data', (chunk) => process.stderr.write(chunk));
  const exited = new Promise<number | null>((done) => child.on('exit', done));
  while (!output.includes('READY\n')) {
    if (child.exitCode !== null) throw new Error(`the attacking process exited with ${child.exitCode}`);
    await sleep(50);
  }
  return {
    async stop() {
      child.stdin.end();
      const code = await exited;
      if (code !== 0) throw new Error(`the attacking process exited with ${code}`);
      return JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as AttackTally;
    },
  };
}

/** The API started by test/support/api-process.ts on `databaseUrl`, listening on a free local port. */
export async function startApiInOwnProcess(databaseUrl: string, settings: Record<string, string>): Promise<{ base: string; stop(): Promise<void> }> {
  const root = resolve(__dirname, '..', '..');
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', resolve(__dirname, 'api-process.ts'), databaseUrl, JSON.stringify(settings)], {
    cwd: root,
    env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.json' },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += String(chunk)));
  child.stderr.on('data', (chunk) => process.stderr.write(chunk));
  const exited = new Promise<number | null>((done) => child.on('exit', done));
  let port: string | undefined;
  while (!(port = /LISTENING (\d+)/.exec(output)?.[1])) {
    if (child.exitCode !== null) throw new Error(`the API process exited with ${child.exitCode}`);
    await sleep(50);
  }
  return {
    base: `http://127.0.0.1:${port}`,
    async stop() {
      child.stdin.end();
      await exited;
    },
  };
}

/** `samples` calls of GET /health one after another (a short pause between), with each one's latency in ms. */
export async function sampleHealth(base: string, samples: number): Promise<{ latencies: number[]; statuses: number[] }> {
  const latencies: number[] = [];
  const statuses: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const started = performance.now();
    const response = await fetch(`${base}/health`);
    await response.arrayBuffer();
    latencies.push(performance.now() - started);
    statuses.push(response.status);
    await sleep(10);
  }
  return { latencies, statuses };
}

/** The p-th percentile (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((sorted.length * p) / 100) - 1)];
}
