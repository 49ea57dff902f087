import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EventStore, EventStoreDbChainSealer, EventStoreDbEventStore } from '@grants/event-store';
import { APP_OPTIONS } from '../config/config.module';
import type { AppOptions } from '../config/config.module';

/**
 * On EventStoreDB (EVENT_STORE=eventstoredb), runs the hash chain's sealer beside the appends (never in them): it
 * follows $all and writes the chain to `$grants-chain` (libs/event-store eventstoredb/chain-sealer.ts). Replicas may
 * each run one: the seal stream's expected revision lets only one write each seal. Nothing to do on PostgreSQL,
 * whose appends hash their own events. Started with the read models (`runProjections`), stopped before shutdown.
 */
@Injectable()
export class ChainSealerLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ChainSealer');
  readonly sealer?: EventStoreDbChainSealer;
  private failing = false;

  constructor(
    store: EventStore,
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
  ) {
    if (store instanceof EventStoreDbEventStore) {
      this.sealer = new EventStoreDbChainSealer(store, {
        // Logged once per outage, not at every retry, and again when sealing resumes.
        onError: (error) => {
          if (!this.failing) this.logger.error(`ハッシュチェーンの封印に失敗しました（再試行します）。 Sealing the hash chain failed, retrying: ${String(error)}`);
          this.failing = true;
        },
        onRound: () => {
          if (this.failing) this.logger.log('ハッシュチェーンの封印を再開しました。 Sealing the hash chain resumed.');
          this.failing = false;
        },
      });
    }
  }

  onApplicationBootstrap(): void {
    if (this.sealer && this.options.runProjections !== false) this.sealer.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.sealer?.stop();
  }
}
