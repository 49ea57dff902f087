/**
 * Memory of `cli export` on a large log. Usage:
 *   export-memory.ts generate <database url> <events>   appends that many events (about 1 kB of data each)
 *   export-memory.ts measure <database url> <module>     exports the log with the `exportCommand` of <module> to a
 *                                                        temporary file and prints the peak heap and RSS (sampled
 *                                                        every 20 ms) as one JSON line
 * Run `measure` from the checkout whose export is measured (its tsconfig paths), e.g. main beside a branch.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PostgresEventStore } from '@grants/event-store';

async function generate(url: string, events: number): Promise<void> {
  const store = new PostgresEventStore({ connectionString: url, poolSize: 2 });
  try {
    const filler = 'あ'.repeat(300);
    for (let done = 0, s = 0; done < events; s += 1) {
      const n = Math.min(500, events - done);
      const batch = Array.from({ length: n }, (_, i) => ({ type: 'AnswersSaved', data: { insurerCode: `24${String(s % 1000).padStart(4, '0')}`, i, note: filler, answers: { a: i, b: `${i}` } } }));
      await store.append(`submission-FY2024-${String(s).padStart(6, '0')}`, batch, {
        expectedVersion: 'any',
        metadata: { commandId: randomUUID(), actorId: 'bench', actorRole: 'national-admin', organisationCode: 'MHLW' },
      });
      done += n;
    }
  } finally {
    await store.close();
  }
}

async function measure(url: string, modulePath: string): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module is chosen on the command line
  const { exportCommand } = require(resolve(modulePath)) as { exportCommand: (args: string[], env: NodeJS.ProcessEnv, io: { out: (l: string) => void }) => Promise<number> };
  const file = join(tmpdir(), `export-memory-${process.pid}.ndjson`);
  global.gc?.();
  const base = process.memoryUsage();
  let peakHeap = base.heapUsed;
  let peakRss = base.rss;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  }, 20);
  const started = performance.now();
  try {
    await exportCommand(['--out', file, '--database-url', url], {}, { out: () => undefined });
  } finally {
    clearInterval(timer);
    rmSync(file, { force: true });
  }
  const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
  console.log(JSON.stringify({ module: modulePath, seconds: Math.round(performance.now() - started) / 1000, peakHeapMb: mb(peakHeap), peakRssMb: mb(peakRss), baseHeapMb: mb(base.heapUsed) }));
}

const [mode, url, arg] = process.argv.slice(2);
(mode === 'generate' ? generate(url, Number(arg)) : measure(url, arg)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
