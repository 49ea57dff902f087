import { EntityManager } from 'typeorm';
import { RecordedEvent } from '../event-store';

/**
 * A read model fed from the store's global order. `apply` receives the events of one batch that `canHandle`
 * accepts, in order, and writes through the given transaction's manager: the runner saves the checkpoint in that
 * same transaction, so a crash never leaves a half-applied batch. Projections are deterministic: no clock, no
 * network, no randomness, so a rebuild from zero gives the same rows as the live run.
 */
export interface Projection {
  readonly name: string;
  canHandle(event: RecordedEvent): boolean;
  apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void>;
  /** Empties the read model before a rebuild from zero. */
  reset(manager: EntityManager): Promise<void>;
}
