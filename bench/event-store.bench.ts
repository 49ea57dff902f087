import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EventMetadata, PostgresEventStore, ProjectionRunner, StreamCatalogProjection, verifyChain } from '@grants/event-store';

export interface BenchRow {
  readonly scenario: string;
  readonly value: string;
}

const meta = (): EventMetadata => ({ actorId: 'bench', actorRole: 'system', organisationCode: 'MHLW', commandId: randomUUID() });
const answer = (i: number) => ({
  type: 'AnswerSaved',
  data: { fiscalYear: 'FY2024', insurerCode: '242055', indicatorId: `suishin-I-i-${i % 40}`, answer: i % 3 === 0 ? 'yes' : 'no', points: i % 7 },
});

function rate(events: number, startedNs: bigint): string {
  const seconds = Number(process.hrtime.bigint() - startedNs) / 1e9;
  return `${Math.round(events / seconds).toLocaleString('en-US')} events/s (${events.toLocaleString('en-US')} in ${seconds.toFixed(2)} s)`;
}

/** Store scenarios of issue 2 on an empty database; prints nothing, returns one row per scenario. */
export async function benchEventStore(url: string, progress: (message: string) => void): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const store = new PostgresEventStore({ connectionString: url, poolSize: 8 });
  try {
    progress('single-event appends, 8 concurrent writers');
    const singles = 16_000;
    let started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        let version: bigint | 'no_stream' = 'no_stream';
        for (let i = 0; i < singles / 8; i += 1) {
          const result = await store.append(`bench_single-${w}`, [answer(i)], { expectedVersion: version, metadata: meta() });
          version = result.nextExpectedVersion;
        }
      }),
    );
    rows.push({ scenario: 'append: single events, 8 concurrent writers', value: rate(singles, started) });

    progress('batched appends of 100');
    const batches = 1_000;
    started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: 4 }, async (_, w) => {
        for (let b = 0; b < batches / 4; b += 1) {
          const events = Array.from({ length: 100 }, (_, i) => answer(b * 100 + i));
          await store.append(`bench_batch-${w}-${b % 50}`, events, { expectedVersion: 'any', metadata: meta() });
        }
      }),
    );
    rows.push({ scenario: 'append: batches of 100 events, 4 writers', value: rate(batches * 100, started) });

    progress('read one 1,000-event stream');
    const streamEvents = Array.from({ length: 1000 }, (_, i) => answer(i));
    await store.append('bench_long-1', streamEvents, { expectedVersion: 'no_stream', metadata: meta() });
    const reads = 50;
    started = process.hrtime.bigint();
    for (let i = 0; i < reads; i += 1) {
      const events = await store.readStream('bench_long-1', { maxCount: 1000 });
      if (events.length !== 1000) throw new Error('short read');
    }
    rows.push({ scenario: 'read: one 1,000-event stream (50 reads)', value: rate(reads * 1000, started) });

    const total = Number(await store.headPosition());
    progress(`read all ${total.toLocaleString('en-US')} events`);
    started = process.hrtime.bigint();
    let after = 0n;
    let count = 0;
    for (;;) {
      const page = await store.readAll({ after, maxCount: 5000 });
      if (page.length === 0) break;
      count += page.length;
      after = page[page.length - 1].position;
    }
    rows.push({ scenario: `read all in global order`, value: rate(count, started) });

    progress('projection catch-up');
    const dataSource = await new DataSource({ type: 'postgres', url }).initialize();
    try {
      const runner = new ProjectionRunner(store, dataSource, [new StreamCatalogProjection()], { batchSize: 5000 });
      started = process.hrtime.bigint();
      const caught = await runner.catchUp();
      rows.push({ scenario: 'projection catch-up (stream catalog) from zero', value: rate(caught.processed, started) });
    } finally {
      await dataSource.destroy();
    }

    progress('hash-chain verify');
    started = process.hrtime.bigint();
    const verification = await verifyChain(store.connectionPool);
    if (!verification.ok) throw new Error(`verify failed: ${verification.failure?.message}`);
    rows.push({ scenario: 'verify hash chain', value: rate(verification.checked, started) });
  } finally {
    await store.close();
  }
  return rows;
}
