import { Injectable } from '@nestjs/common';
import { EventStore, ProjectionRunner } from '@grants/event-store';

/** How far one read model is behind the store. */
export interface ProjectionLag {
  readonly name: string;
  /** Global position of the last event the read model applied. */
  readonly position: bigint;
  /** Events stored after `position`: the store's head minus the checkpoint (0 when caught up). */
  readonly behindEvents: bigint;
  /** Age of the oldest event the read model has not applied yet, in seconds (0 when caught up). */
  readonly behindSeconds: number;
  /** Set while the projection is halted on a failing batch (the runner retries it with back-off). */
  readonly stalled?: { readonly position: bigint; readonly error: string; readonly attempts: number };
}

export interface ProjectionLagReport {
  readonly headPosition: bigint;
  readonly projections: readonly ProjectionLag[];
}

/**
 * Every read model's lag behind the store's head, in events and in seconds, measured on demand (for `/metrics` and
 * `/health/ready`): the checkpoints, the head, and for each read model that is behind, the first event it lacks.
 * Concurrent callers share one measurement.
 */
@Injectable()
export class ProjectionLagMeter {
  private pending?: Promise<ProjectionLagReport>;

  constructor(
    private readonly runner: ProjectionRunner,
    private readonly store: EventStore,
  ) {}

  measure(): Promise<ProjectionLagReport> {
    this.pending ??= this.read().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async read(): Promise<ProjectionLagReport> {
    // The head after the checkpoints: a read model can then never look ahead of the store.
    const statuses = await this.runner.status();
    const headPosition = await this.store.headPosition();
    const now = Date.now();
    const projections = await Promise.all(
      statuses.map(async (status): Promise<ProjectionLag> => {
        const behindEvents = headPosition > status.position ? headPosition - status.position : 0n;
        let behindSeconds = 0;
        if (behindEvents > 0n) {
          const [oldest] = await this.store.readAll({ after: status.position, maxCount: 1 });
          if (oldest) behindSeconds = Math.max(0, (now - oldest.recordedAt.getTime()) / 1000);
        }
        return { name: status.name, position: status.position, behindEvents, behindSeconds, ...(status.stalled && { stalled: status.stalled }) };
      }),
    );
    return { headPosition, projections };
  }
}
