import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, EntityManager } from 'typeorm';
import { EventStore, RecordedEvent } from '../event-store';
import { Upcasters } from '../upcasting';
import { Projection } from './projection';

export interface ProjectionRunnerOptions {
  readonly batchSize?: number;
  /** Wait between polls once caught up. */
  readonly idleMillis?: number;
  /** Longest back-off after a failing batch. */
  readonly maxBackoffMillis?: number;
  /**
   * Failpoint for tests: runs inside the batch transaction after the read model changed and before the checkpoint
   * is saved and committed, so a test can kill the process mid-batch.
   */
  readonly beforeCheckpoint?: (projection: string, events: readonly RecordedEvent[]) => Promise<void>;
  readonly logger?: { log(message: string): void; error(message: string): void };
  /** Applied to every event before a projection sees it, so read models are built from current schemas. */
  readonly upcasters?: Upcasters;
}

export interface ProjectionStatus {
  readonly name: string;
  readonly position: bigint;
  /** Set when a batch failed: the projection halts there rather than skipping the event (stalled at X). */
  readonly stalled?: { readonly position: bigint; readonly error: string; readonly attempts: number };
}

export interface CatchUpResult {
  readonly processed: number;
  readonly position: bigint;
}

/**
 * Feeds projections from the global order. Each batch runs in one database transaction that locks the projection's
 * checkpoint row (so two runners never apply the same batch), applies the events and moves the checkpoint.
 */
export class ProjectionRunner {
  private readonly batchSize: number;
  private readonly idleMillis: number;
  private readonly maxBackoffMillis: number;
  private readonly stalled = new Map<string, { position: bigint; error: string; attempts: number }>();
  private controller?: AbortController;
  private loop?: Promise<void>;

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly projections: readonly Projection[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    const names = new Set(projections.map((p) => p.name));
    if (names.size !== projections.length) throw new Error('projection names must be unique');
    this.batchSize = options.batchSize ?? 2000;
    this.idleMillis = options.idleMillis ?? 100;
    this.maxBackoffMillis = options.maxBackoffMillis ?? 30_000;
  }

  /** Applies every stored event each projection has not seen yet, then returns. */
  async catchUp(name?: string): Promise<CatchUpResult> {
    let processed = 0;
    let position = 0n;
    for (const projection of this.select(name)) {
      for (;;) {
        const step = await this.runBatch(projection);
        processed += step.processed;
        position = step.position;
        if (step.processed < this.batchSize) break;
      }
    }
    return { processed, position };
  }

  /** Empties the read model and its checkpoint in one transaction, then replays the whole log into it. */
  async rebuild(name?: string): Promise<CatchUpResult> {
    for (const projection of this.select(name)) {
      await this.dataSource.transaction(async (manager) => {
        await this.lockCheckpoint(manager, projection.name);
        await projection.reset(manager);
        await manager.query('UPDATE projection_checkpoints SET position = 0, updated_at = now() WHERE name = $1', [projection.name]);
      });
      this.stalled.delete(projection.name);
    }
    return this.catchUp(name);
  }

  /** Runs in the background until `stop`, polling for new events; a failing projection backs off and retries. */
  start(): void {
    if (this.loop) return;
    const controller = new AbortController();
    this.controller = controller;
    this.loop = (async () => {
      while (!controller.signal.aborted) {
        let progressed = false;
        for (const projection of this.projections) {
          if (controller.signal.aborted) break;
          const stall = this.stalled.get(projection.name);
          try {
            const step = await this.runBatch(projection);
            if (stall) this.options.logger?.log(`projection ${projection.name} resumed at ${step.position}`);
            this.stalled.delete(projection.name);
            progressed ||= step.processed > 0;
          } catch (error) {
            const attempts = (stall?.attempts ?? 0) + 1;
            const position = await this.checkpoint(projection.name).catch(() => stall?.position ?? 0n);
            this.stalled.set(projection.name, { position, error: String(error), attempts });
            this.options.logger?.error(`projection ${projection.name} stalled at ${position} (attempt ${attempts}): ${String(error)}`);
            const backoff = Math.min(this.maxBackoffMillis, 100 * 2 ** Math.min(attempts, 10));
            await sleep(backoff, undefined, { signal: controller.signal }).catch(() => undefined);
          }
        }
        if (!progressed) await sleep(this.idleMillis, undefined, { signal: controller.signal }).catch(() => undefined);
      }
    })();
  }

  async stop(): Promise<void> {
    this.controller?.abort();
    await this.loop;
    this.loop = undefined;
  }

  async status(): Promise<ProjectionStatus[]> {
    return Promise.all(
      this.projections.map(async (p) => ({ name: p.name, position: await this.checkpoint(p.name), stalled: this.stalled.get(p.name) })),
    );
  }

  /** Waits until every projection has reached the given position (for tests and read-your-writes). */
  async waitFor(position: bigint, timeoutMillis = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMillis;
    for (;;) {
      const statuses = await this.status();
      if (statuses.every((s) => s.position >= position)) return;
      if (Date.now() > deadline) {
        throw new Error(`projections did not reach ${position}: ${statuses.map((s) => `${s.name}@${s.position}`).join(', ')}`);
      }
      await sleep(10);
    }
  }

  private async runBatch(projection: Projection): Promise<CatchUpResult> {
    return this.dataSource.transaction(async (manager) => {
      const after = await this.lockCheckpoint(manager, projection.name);
      const read = await this.store.readAll({ after, maxCount: this.batchSize });
      const events = this.options.upcasters ? read.map((event) => this.options.upcasters!.upcast(event)) : read;
      if (events.length === 0) return { processed: 0, position: after };
      const relevant = events.filter((event) => projection.canHandle(event));
      if (relevant.length > 0) await projection.apply(relevant, manager);
      const position = events[events.length - 1].position;
      await this.options.beforeCheckpoint?.(projection.name, events);
      await manager.query('UPDATE projection_checkpoints SET position = $2, updated_at = now() WHERE name = $1', [
        projection.name,
        position.toString(),
      ]);
      return { processed: events.length, position };
    });
  }

  private async lockCheckpoint(manager: EntityManager, name: string): Promise<bigint> {
    await manager.query('INSERT INTO projection_checkpoints (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [name]);
    const rows: { position: string }[] = await manager.query(
      'SELECT position::text AS position FROM projection_checkpoints WHERE name = $1 FOR UPDATE',
      [name],
    );
    return BigInt(rows[0].position);
  }

  private async checkpoint(name: string): Promise<bigint> {
    const rows: { position: string }[] = await this.dataSource.query(
      'SELECT position::text AS position FROM projection_checkpoints WHERE name = $1',
      [name],
    );
    return rows.length ? BigInt(rows[0].position) : 0n;
  }

  private select(name?: string): readonly Projection[] {
    if (name === undefined) return this.projections;
    const found = this.projections.filter((p) => p.name === name);
    if (found.length === 0) throw new Error(`unknown projection ${name}`);
    return found;
  }
}
