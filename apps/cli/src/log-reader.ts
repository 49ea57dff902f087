import { fiscalYearOfStream, isFiscalYearLabel, parsePointInLog, PointInLog, pointInLogProblem, withinPoint } from '@grants/domain';
import { PostgresEventStore, readAllPages, RecordedEvent, Upcasters } from '@grants/event-store';
import { API_UPCASTERS } from '../../api/src/commands/upcasters';
import { CliNotFound, CliUsageError } from './cli-errors';
import { OptionSpec, OptionValues, parseOptions } from './cli-options';
import { Progress } from './progress';

/** A command's options and `--database-url` (unknown options, missing values and repeats are usage errors). */
export function options(args: readonly string[], spec: OptionSpec): OptionValues {
  return parseOptions(args, { 'database-url': { type: 'string' }, ...spec });
}

/** A point of the log given on the command line: a global position or an ISO 8601 time. */
export function parsePoint(name: string, text: string): PointInLog {
  const point = parsePointInLog(text);
  if (point) return point;
  if (pointInLogProblem(text) === 'offset') throw new CliUsageError(`--${name} "${text}" has no UTC offset: add one, Z (UTC) or +09:00 (JST)`);
  throw new CliUsageError(`--${name} is a global event position (an integer) or an ISO 8601 time with a UTC offset, not "${text}"`);
}

export function requireFiscalYear(value: string | undefined): string {
  if (!isFiscalYearLabel(value)) throw new CliUsageError("--fiscal-year is required, e.g. 'FY2024'");
  return value;
}

export function databaseUrl(value: string | undefined, env: NodeJS.ProcessEnv): string {
  const url = value ?? env.DATABASE_URL;
  if (!url) throw new CliUsageError('--database-url (or DATABASE_URL) is required');
  return url;
}

/**
 * Streams the log straight from PostgreSQL in global order (the service may be stopped, e.g. on a restored dump),
 * upcast to the current schemas (or as stored, with `stored`), up to an optional point; `visit` sees every event.
 */
export async function scanLog(
  url: string,
  visit: (event: RecordedEvent) => void,
  options: { until?: PointInLog; progress?: (total: number) => Progress; stored?: boolean } = {},
): Promise<{ read: number; head: bigint }> {
  const store = new PostgresEventStore({ connectionString: url, poolSize: 2 });
  const upcasters = new Upcasters(API_UPCASTERS);
  try {
    const head = await store.headPosition();
    const progress = options.progress?.(Number(head));
    let read = 0;
    const until = options.until;
    for await (const page of readAllPages(store)) {
      for (const event of page) {
        if (until?.position !== undefined && event.position > until.position) return { read, head };
        read += 1;
        if (!withinPoint(until, event)) continue;
        visit(options.stored ? event : upcasters.upcast(event));
      }
      progress?.update(read);
    }
    progress?.finish();
    return { read, head };
  } finally {
    await store.close();
  }
}

/** The events of one fiscal year, in global order. */
export async function readFiscalYear(
  url: string,
  fiscalYear: string,
  options: { until?: PointInLog; progress?: (total: number) => Progress } = {},
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  await scanLog(url, (event) => fiscalYearOfStream(event.streamId) === fiscalYear && events.push(event), options);
  if (events.length === 0) throw new CliNotFound(`${fiscalYear} のイベントはありません / no events of ${fiscalYear}${options.until ? ' up to that point' : ''}`);
  return events;
}
