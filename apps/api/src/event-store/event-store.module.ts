import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { EventStore, PostgresEventStore } from '@grants/event-store';
import { EventStoreDbEventStore } from '@grants/event-store/eventstoredb/eventstoredb-event-store';
import { AppConfig } from '../config/app-config';
import { APP_OPTIONS } from '../config/config.module';
import type { AppOptions } from '../config/config.module';
import { Metrics } from '../observability/metrics';
import { ChainSealerLifecycle } from './chain-sealer.lifecycle';
import { instrumentEventStore } from './instrumented-event-store';

/** The store the config names: PostgreSQL on its own pool (default) or EventStoreDB. */
export function createEventStore(config: AppConfig, databaseUrl: string): EventStore {
  if (config.EVENT_STORE === 'eventstoredb') {
    // loadConfig guarantees the connection string when EVENT_STORE=eventstoredb.
    return EventStoreDbEventStore.fromConnectionString(config.EVENTSTORE_CONNECTION_STRING ?? '');
  }
  return new PostgresEventStore({ connectionString: databaseUrl, poolSize: 10 });
}

/**
 * Provides `EventStore` (inject it by the abstract class), its appends measured (instrumented-event-store.ts), runs
 * the hash chain's sealer on EventStoreDB (chain-sealer.lifecycle.ts), and closes the store when the app shuts down;
 * a store handed in by the caller (AppOptions.eventStore) is used as it is (with the same measuring) and left for the
 * caller to close.
 */
@Global()
@Module({
  providers: [
    {
      provide: EventStore,
      inject: [AppConfig, APP_OPTIONS, Metrics],
      useFactory: (config: AppConfig, options: AppOptions, metrics: Metrics) =>
        instrumentEventStore(options.eventStore ?? createEventStore(config, options.databaseUrl), metrics),
    },
    ChainSealerLifecycle,
  ],
  exports: [EventStore],
})
export class EventStoreModule implements OnApplicationShutdown {
  private readonly logger = new Logger(EventStoreModule.name);

  constructor(
    private readonly store: EventStore,
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.options.eventStore) return;
    // Projections stop in beforeApplicationShutdown, so nothing reads from the store any more.
    await this.store.close().catch((error: unknown) => this.logger.error(`closing the event store failed: ${String(error)}`));
  }
}
