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

/** The read of the batch after `after`, started while the batch before it was still applying. */
interface ReadAhead {
  after?: bigint;
  events?: Promise<RecordedEvent[]>;
}

/** Forgets a read-ahead; its failure, if any, was already handled where it started. */
function discard(ahead: ReadAhead): void {
  ahead.after = undefined;
  ahead.events = undefined;
}

/** Waits for a read-ahead nobody will take, so no read of this runner's is left on the store's connections. */
async function settle(ahead: ReadAhead): Promise<void> {
  const pending = ahead.events;
  discard(ahead);
  await pending?.catch(() => undefined);
}

export interface CatchUpResult {
  readonly processed: number;
  readonly position: bigint;
}

/**
 * Feeds projections from the global order. Each batch runs in one database transaction that locks the projection's
 * checkpoint row (so two runners never apply the same batch), applies the events and moves the checkpoint. The next
 * batch's events are read while a batch applies and commits (the database sends and this process parses them in the
 * meantime), and taken only if the checkpoint is still where that read began (see `runBatch`).
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

  /**
   * Applies every stored event each projection has not seen yet, then returns: at least every event stored before the
   * call, since every read of it, read-aheads included, starts after the call.
   */
  async catchUp(name?: string): Promise<CatchUpResult> {
    let processed = 0;
    let position = 0n;
    for (const projection of this.select(name)) {
      const ahead: ReadAhead = {};
      try {
        for (;;) {
          const step = await this.runBatch(projection, ahead);
          processed += step.processed;
          position = step.position;
          if (step.processed < this.batchSize) break;
        }
      } finally {
        await settle(ahead);
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
      // One read-ahead per projection: the loop visits the others before it comes back to this one.
      const ahead = new Map<string, ReadAhead>(this.projections.map((p) => [p.name, {}]));
      while (!controller.signal.aborted) {
        let progressed = false;
        for (const projection of this.projections) {
          if (controller.signal.aborted) break;
          const stall = this.stalled.get(projection.name);
          try {
            const step = await this.runBatch(projection, ahead.get(projection.name)!);
            if (stall) this.options.logger?.log(`projection ${projection.name} resumed at ${step.position}`);
            this.stalled.delete(projection.name);
            progressed ||= step.processed > 0;
          } catch (error) {
            discard(ahead.get(projection.name)!);
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
      await Promise.all([...ahead.values()].map(settle));
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

  /**
   * One batch in one transaction. The events come from `ahead` when the previous batch read them for the position
   * the checkpoint is now locked at, else from a read here; a full batch starts the read of the next one, which goes
   * on (on the store's connections) while this batch applies and commits. Taking it is safe because the log is
   * append-only and gapless: the events after a position are the same whoever moved the checkpoint there, and a read
   * that ended early (fewer events committed then) is still an exact prefix of them. A read-ahead for another
   * position (another runner moved the checkpoint, or this batch failed and rolled back) is discarded, never used.
   */
  private async runBatch(projection: Projection, ahead: ReadAhead): Promise<CatchUpResult> {
    return this.dataSource.transaction(async (manager) => {
      const after = await this.lockCheckpoint(manager, projection.name);
      const read = ahead.after === after && ahead.events ? ahead.events : this.store.readAll({ after, maxCount: this.batchSize });
      discard(ahead);
      const fetched = await read;
      if (fetched.length === 0) return { processed: 0, position: after };
      const position = fetched[fetched.length - 1].position;
      if (fetched.length === this.batchSize) {
        ahead.after = position;
        ahead.events = this.store.readAll({ after: position, maxCount: this.batchSize });
        // Its failure is handled here as well, so a read-ahead nobody takes (this batch fails) never goes unhandled.
        ahead.events.catch(() => undefined);
      }
      const events = this.options.upcasters ? fetched.map((event) => this.options.upcasters!.upcast(event)) : fetched;
      const relevant = events.filter((event) => projection.canHandle(event));
      if (relevant.length > 0) await projection.apply(relevant, manager);
      await this.options.beforeCheckpoint?.(projection.name, events);
      await manager.query('UPDATE projection_checkpoints SET position = $2, updated_at = now() WHERE name = $1', [
        projection.name,
        position.toString(),
      ]);
      return { processed: events.length, position };
    });
  }

  /**
   * Locks the projection's checkpoint row and returns its position: one statement once the row exists; the first
   * batch of a new projection creates it (a concurrent creator's row is waited for by ON CONFLICT and then seen by
   * the second SELECT, which takes a new snapshot).
   */
  private async lockCheckpoint(manager: EntityManager, name: string): Promise<bigint> {
    const lock = (): Promise<{ position: string }[]> =>
      manager.query('SELECT position::text AS position FROM projection_checkpoints WHERE name = $1 FOR UPDATE', [name]);
    let rows = await lock();
    if (rows.length === 0) {
      await manager.query('INSERT INTO projection_checkpoints (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [name]);
      rows = await lock();
    }
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
