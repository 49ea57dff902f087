/**
 * The HTTP bulk-answers bench alone, on a fresh database of DATABASE_URL's server (dropped afterwards), in a process
 * of its own: `http-process.ts [<http.bench module>]`. The module defaults to this checkout's bench/http.bench.ts;
 * giving another checkout's (run from that checkout, for its tsconfig paths) measures it alternately with this one.
 * BENCH_HTTP_SECONDS sets the load's duration. Prints the rows as one JSON line, with this process's CPU time per
 * request under load (the service and the load generator share it): on a shared machine, where requests per second
 * move with the neighbours' load, the CPU a request costs moves much less.
 */
import { resolve } from 'node:path';
import { quoteIdentifier, runAdminSql } from '@grants/database';
import { withDatabase } from '@grants/testing';
import type { BenchRow } from './event-store.bench';

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is required');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module may be another checkout's
  const { benchHttp } = require(resolve(process.argv[2] ?? resolve(__dirname, 'http.bench.ts'))) as {
    benchHttp: (url: string, progress: (message: string) => void) => Promise<BenchRow[]>;
  };
  const name = `grants_bench_http_${process.pid}_${Date.now()}`;
  await runAdminSql(serverUrl, `CREATE DATABASE ${quoteIdentifier(name)}`);
  try {
    let loadStart: NodeJS.CpuUsage | undefined;
    const rows = await benchHttp(withDatabase(serverUrl, name), (message) => {
      console.error(`bench: ${message}…`);
      if (message.startsWith('http: autocannon')) loadStart = process.cpuUsage();
    });
    const cpu = process.cpuUsage(loadStart);
    const total = Number(/([\d,]+) requests$/.exec(rows[0].value)?.[1].replace(/,/g, '') ?? 0);
    rows.push({ scenario: 'HTTP bulk answers: CPU per request (service and load generator)', value: `${((cpu.user + cpu.system) / 1000 / total).toFixed(3)} ms` });
    console.log(JSON.stringify(rows));
  } finally {
    await runAdminSql(serverUrl, `DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
