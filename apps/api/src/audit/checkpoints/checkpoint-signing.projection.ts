import { EntityManager } from 'typeorm';
import { streamCategoryOf } from '@grants/domain';
import { CheckpointSigner, insertCheckpointQuery, Projection, publicKeyPem, RecordedEvent } from '@grants/event-store';

/** Events after which the chain head is signed: phase changes, the finalization and each recalculation. */
export const CHECKPOINT_EVENT_TYPES: ReadonlySet<string> = new Set(['FiscalYearPhaseAdvanced', 'GrantsFinalized', 'GrantsRecalculated']);

/** True for the events a checkpoint follows; any event of a fiscal year's own stream named for a phase counts too. */
export function isCheckpointEvent(event: Pick<RecordedEvent, 'type' | 'streamId'>): boolean {
  return CHECKPOINT_EVENT_TYPES.has(event.type) || (streamCategoryOf(event.streamId) === 'fiscal_year' && event.type.includes('Phase'));
}

/** The signer's name among the projection checkpoints (`cli import` moves it past the checkpoints it restores). */
export const CHECKPOINT_SIGNER_PROJECTION = 'audit-checkpoint-signer';

/**
 * Signs the chain head at each checkpoint event: its position and stored hash, with the time of signing. Run by a
 * ProjectionRunner of its own (never among the read models: it is not deterministic and is never reset), so each
 * event is signed exactly once, in the same transaction that moves its place in the log, and a restart catches up.
 */
export class CheckpointSigningProjection implements Projection {
  readonly name = CHECKPOINT_SIGNER_PROJECTION;

  constructor(
    private readonly signer: CheckpointSigner,
    private readonly now: () => Date,
  ) {}

  canHandle(event: RecordedEvent): boolean {
    return event.hash !== undefined && isCheckpointEvent(event);
  }

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const publicKey = publicKeyPem(this.signer.publicKey);
    for (const event of events) {
      const signed = this.signer.sign({ position: event.position, hash: event.hash! }, this.now());
      const { text, values } = insertCheckpointQuery({ ...signed, publicKey, reason: `${event.type} ${event.streamId}`, requestedBy: null });
      await manager.query(text, values);
    }
  }

  reset(): Promise<void> {
    return Promise.reject(new Error('signed checkpoints are never reset'));
  }
}
