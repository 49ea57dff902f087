import { Global, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { EventStore, PostgresEventStore } from '@grants/event-store';
import { EventStoreDbEventStore } from '@grants/event-store/eventstoredb/eventstoredb-event-store';
import { AppConfig } from '../config/app-config';
import { DATABASE_URL } from '../config/config.module';

/** The store the config names: PostgreSQL on its own pool (default) or EventStoreDB. */
export function createEventStore(config: AppConfig, databaseUrl: string): EventStore {
  if (config.EVENT_STORE === 'eventstoredb') {
    // loadConfig guarantees the connection string when EVENT_STORE=eventstoredb.
    return EventStoreDbEventStore.fromConnectionString(config.EVENTSTORE_CONNECTION_STRING ?? '');
  }
  return new PostgresEventStore({ connectionString: databaseUrl, poolSize: 10 });
}

/** Provides `EventStore` (inject it by the abstract class) and closes it when the app shuts down. */
@Global()
@Module({
  providers: [{ provide: EventStore, inject: [AppConfig, DATABASE_URL], useFactory: createEventStore }],
  exports: [EventStore],
})
export class EventStoreModule implements OnApplicationShutdown {
  private readonly logger = new Logger(EventStoreModule.name);

  constructor(private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    // Projections stop in beforeApplicationShutdown, so nothing reads from the store any more.
    await this.store.close().catch((error: unknown) => this.logger.error(`closing the event store failed: ${String(error)}`));
  }
}
