import { DataSource } from 'typeorm';
import { EventStore } from '@grants/event-store';
import { currentAsOf } from '../common/as-of';

/**
 * Whether a read model answers a request about one stream: not with `?asOf=` (the past is folded from the stream),
 * and only once its projection has applied every event of that stream. Cheap in the usual case (the projection has
 * caught up with the whole log: two tiny reads); otherwise it reads the stream's last event only.
 */
export async function readModelAnswers(dataSource: DataSource, store: EventStore, projection: string, streamId: string): Promise<boolean> {
  if (currentAsOf()) return false;
  const rows: { position: string }[] = await dataSource.query('SELECT position::text AS position FROM projection_checkpoints WHERE name = $1', [projection]);
  const checkpoint = rows.length > 0 ? BigInt(rows[0].position) : -1n;
  if (checkpoint >= (await store.headPosition())) return true;
  const [last] = await store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
  return !last || checkpoint >= last.position;
}
