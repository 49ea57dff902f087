/**
 * A projection process for crash tests: it catches up the stream catalog and, on its third batch, announces
 * "MID_BATCH" with the batch's read-model changes made but not committed, then waits to be killed.
 */
import { DataSource } from 'typeorm';
import { PostgresEventStore, ProjectionRunner, StreamCatalogProjection } from '@grants/event-store';

async function main(): Promise<void> {
  const [url, batchSize] = process.argv.slice(2);
  const store = new PostgresEventStore({ connectionString: url });
  const dataSource = await new DataSource({ type: 'postgres', url }).initialize();
  let batches = 0;
  const runner = new ProjectionRunner(store, dataSource, [new StreamCatalogProjection()], {
    batchSize: Number(batchSize),
    beforeCheckpoint: async () => {
      batches += 1;
      if (batches === 3) {
        process.stdout.write('MID_BATCH\n');
        await new Promise(() => undefined);
      }
    },
  });
  await runner.catchUp();
  process.stdout.write('CAUGHT_UP\n');
}

main().catch((error) => {
  process.stderr.write(String(error));
  process.exit(1);
});
