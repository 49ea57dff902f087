import { Injectable, Logger } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { EventStore } from '@grants/event-store';

/** Up when the event store answers `ping()` within the timeout (a pool that cannot connect would wait forever). */
@Injectable()
export class EventStoreHealthIndicator {
  private readonly logger = new Logger(EventStoreHealthIndicator.name);

  constructor(
    private readonly store: EventStore,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async pingCheck<Key extends string>(key: Key, timeoutMillis = 3000): Promise<HealthIndicatorResult<Key>> {
    const check = this.indicators.check(key);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timeout of ${timeoutMillis}ms exceeded`)), timeoutMillis);
    });
    try {
      await Promise.race([this.store.ping(), timeout]);
      return check.up();
    } catch (error) {
      // The public health body says only that the store is down; the cause (hosts, ports) goes to the log.
      this.logger.warn(`event store ping failed: ${error instanceof Error ? error.message : String(error)}`);
      return check.down({ message: 'event store did not answer' });
    } finally {
      clearTimeout(timer);
    }
  }

  /** The store's head position, or null when the store does not answer (for the projections' lag). */
  headPosition(): Promise<bigint | null> {
    return this.store.headPosition().catch(() => null);
  }
}
