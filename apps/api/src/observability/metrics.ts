import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ProjectionLagReport } from '../projections/projection-lag';

/** A connection pool as pg's Pool shows it (the event store's and TypeORM's read-model pool). */
export interface PoolGauges {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
  readonly options?: { readonly max?: number };
}

/** What an HTTP request that matched no route is counted under: never its raw path (unbounded label values). */
export const UNMATCHED_ROUTE = 'unmatched';

let processRegistry: Registry | undefined;

/**
 * prom-client's default metrics (process CPU and memory, heap, GC, event-loop lag: nodejs_eventloop_lag_seconds,
 * nodejs_eventloop_lag_p99_seconds, …) describe the process, so they are collected once per process, however many
 * apps it builds (the tests build dozens; each collector keeps an event-loop monitor running).
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The service's Prometheus metrics, in a registry of the app's own (so two apps in one process, as in the tests,
 * never share counters). README "Metrics and health" says what each family means and which alerts read it.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly contentType = Registry.PROMETHEUS_CONTENT_TYPE;

  /** Every HTTP response by route template (`/fiscal-years/:fiscalYear/…`) and status; `_count` is the request count. */
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: SECONDS,
    registers: [this.registry],
  });

  readonly rateLimited = new Counter({
    name: 'grants_rate_limit_refusals_total',
    help: 'Requests refused with 429 RATE_LIMITED, by route template',
    labelNames: ['route'] as const,
    registers: [this.registry],
  });

  readonly commands = new Counter({
    name: 'grants_commands_total',
    help: 'Commands through the CommandBus by type and outcome (accepted, idempotent_replay, conflict, refused, error)',
    labelNames: ['command', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly commandDuration = new Histogram({
    name: 'grants_command_duration_seconds',
    help: 'Time a command took through the CommandBus (load, decide, append), by type',
    labelNames: ['command'] as const,
    buckets: SECONDS,
    registers: [this.registry],
  });

  readonly appendDuration = new Histogram({
    name: 'grants_event_store_append_duration_seconds',
    help: 'Event store append latency by outcome (appended, idempotent_replay, conflict, error)',
    labelNames: ['outcome'] as const,
    buckets: SECONDS,
    registers: [this.registry],
  });

  readonly appendEvents = new Histogram({
    name: 'grants_event_store_append_events',
    help: 'Events written together by one append (one command on one stream, stored atomically)',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000],
    registers: [this.registry],
  });

  /** Appends running at once: what the store's group commit can gather into one transaction. */
  readonly appendsInFlight = new Gauge({
    name: 'grants_event_store_appends_in_flight',
    help: 'Appends running at this moment (concurrent appends are grouped into one transaction by the PostgreSQL store)',
    registers: [this.registry],
  });

  private readonly pools = new Map<string, () => PoolGauges | undefined>();

  constructor() {
    this.poolGauge('grants_db_pool_connections', 'Open connections of the pool', (p) => p.totalCount);
    this.poolGauge('grants_db_pool_idle_connections', 'Open connections not in use', (p) => p.idleCount);
    this.poolGauge('grants_db_pool_waiting_requests', 'Queries waiting for a connection (the pool is exhausted)', (p) => p.waitingCount);
    this.poolGauge('grants_db_pool_max_connections', 'Most connections the pool opens', (p) => p.options?.max);
  }

  /**
   * The read models' lag, measured when Prometheus scrapes: `measure` is called by each of the four gauges at once
   * and must share one measurement between concurrent callers (ProjectionLagMeter does).
   */
  observeProjections(measure: () => Promise<ProjectionLagReport>): void {
    const perProjection = (name: string, help: string, value: (p: ProjectionLagReport['projections'][number]) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['projection'] as const,
        registers: [this.registry],
        async collect() {
          const { projections } = await measure();
          this.reset();
          for (const p of projections) this.set({ projection: p.name }, value(p));
        },
      });
    perProjection('grants_projection_lag_events', 'Events stored that the read model has not applied yet', (p) => Number(p.behindEvents));
    perProjection('grants_projection_lag_seconds', 'Age of the oldest event the read model has not applied (0 when caught up)', (p) => p.behindSeconds);
    perProjection('grants_projection_stalled', '1 while the read model is halted on a failing batch, else 0', (p) => (p.stalled ? 1 : 0));
    new Gauge({
      name: 'grants_event_store_head_position',
      help: "Global position of the store's last event",
      registers: [this.registry],
      async collect() {
        this.set(Number((await measure()).headPosition));
      },
    });
  }

  /** The Prometheus text of this app's metrics and the process's. */
  scrape(): Promise<string> {
    return Registry.merge([this.registry, processMetrics()]).metrics();
  }

  /** A connection pool to report as `grants_db_pool_*{pool="<name>"}`, read when Prometheus scrapes. */
  observePool(name: string, pool: () => PoolGauges | undefined): void {
    this.pools.set(name, pool);
  }

  private poolGauge(name: string, help: string, read: (pool: PoolGauges) => number | undefined): void {
    const pools = this.pools;
    new Gauge({
      name,
      help,
      labelNames: ['pool'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [label, pool] of pools) {
          const current = pool();
          const value = current && read(current);
          if (value !== undefined) this.set({ pool: label }, value);
        }
      },
    });
  }
}
