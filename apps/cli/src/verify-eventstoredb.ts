import { ChainDigest, EventStoreDbEventStore, verifyEventStoreDbChain } from '@grants/event-store';
import { fiscalYearHeadCollector } from '../../api/src/audit/fiscal-year-heads';
import { CliUsageError, EXIT_TAMPERED } from './cli-errors';

export interface EventStoreDbVerifyIo {
  readonly out: (line: string) => void;
  /** Opens the store (tests hand in the adapter over the fake client); default: the connection string. */
  readonly openEventStoreDb?: (connectionString: string) => EventStoreDbEventStore;
}

/**
 * `verify` with EVENT_STORE=eventstoredb: re-reads $all and checks it against the chain's seals (`$grants-chain`,
 * written by the service's sealer), printing the same lines as on PostgreSQL, and how many of the newest events are
 * not sealed yet. No checkpoints are signed on that backend: a digest kept outside the system is what proves that
 * nothing up to it was removed.
 */
export async function verifyEventStoreDb(env: NodeJS.ProcessEnv, digest: ChainDigest | undefined, publicKeys: number, io: EventStoreDbVerifyIo): Promise<number> {
  if (publicKeys > 0) throw new CliUsageError('--public-key: the service signs no checkpoints on EventStoreDB (EVENT_STORE=eventstoredb); keep the digest instead');
  const connectionString = env.EVENTSTORE_CONNECTION_STRING;
  if (!connectionString) throw new CliUsageError('EVENTSTORE_CONNECTION_STRING is required with EVENT_STORE=eventstoredb');
  let store: EventStoreDbEventStore;
  try {
    store = (io.openEventStoreDb ?? EventStoreDbEventStore.fromConnectionString)(connectionString);
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  try {
    const years = fiscalYearHeadCollector();
    const result = await verifyEventStoreDbChain(store, { expectedDigest: digest, onEvent: years.onEvent });
    if (result.ok) {
      io.out(`検証成功 / verified: ${result.checked} events`);
      io.out(`digest ${result.head.position}:${result.head.hash}`);
      for (const year of years.heads()) io.out(`${year.fiscalYear}: ${year.events} events, digest ${year.position}:${year.hash}`);
    } else {
      io.out(`検証失敗 / verification FAILED after ${result.checked} good events: ${result.failure?.message}`);
      io.out(`last good digest ${result.head.position}:${result.head.hash}`);
    }
    const unsealed = result.unsealed ?? 0;
    io.out(
      `未封印 ${unsealed} 件（封印は稼働中のサービスが書きます）/ ${unsealed} of the newest events not sealed yet: in the digest, not yet compared with a seal (the running service seals them)`,
    );
    return result.ok ? 0 : EXIT_TAMPERED;
  } finally {
    await store.close();
  }
}
