import { escapeLiteral } from 'pg';
import { canonicalEvent, chainHashOfCanonical, GENESIS_HASH, PostgresEventStore, readAllPages, RecordedEvent } from '@grants/event-store';
import { TestDatabase } from './test-database';

/**
 * What an attacker with superuser access does after editing events: recomputes every event's hash with the
 * project's own chain function, in position order, and writes them back with the append-only trigger switched off
 * for the session, with the stored canonical bytes of every event that has them rewritten to match. The
 * chain then verifies; only something signed or saved outside the database can tell.
 */
export async function rehashChain(db: TestDatabase): Promise<number> {
  const store = new PostgresEventStore({ connectionString: db.url, poolSize: 1 });
  const events: RecordedEvent[] = [];
  try {
    for await (const page of readAllPages(store, { pageSize: 5000 })) events.push(...page);
  } finally {
    await store.close();
  }
  let previous = GENESIS_HASH;
  const rows: string[] = [];
  for (const event of events) {
    const payload = canonicalEvent(event);
    previous = chainHashOfCanonical(previous, payload);
    rows.push(`(${event.position}, '${previous}', ${escapeLiteral(payload)})`);
  }
  if (rows.length === 0) return 0;
  await db.superuserQuery(`SET session_replication_role = replica;
    UPDATE events SET hash = v.hash, payload = CASE WHEN events.payload IS NULL THEN NULL ELSE v.payload END
    FROM (VALUES ${rows.join(', ')}) AS v(position, hash, payload) WHERE events.position = v.position;`);
  return rows.length;
}
