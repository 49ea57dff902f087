import { replayFiscalYear } from '@grants/domain';
import { PostgresEventStore, RecordedEvent, Upcasters } from '@grants/event-store';
import { API_UPCASTERS } from '../../api/src/commands/upcasters';

export const EXIT_NOT_REPRODUCED = 4;

export class ReplayUsageError extends Error {}

/**
 * `replay --fiscal-year FY2024`: reads the whole log straight from PostgreSQL (the service may be stopped), rebuilds
 * the fiscal year from its events alone and recomputes every recorded decision. Prints one line per mismatch.
 * Exit codes: 0 every decision reproduced, 4 some were not, 1 the database could not be read.
 */
export async function replayCommand(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  io: { out: (line: string) => void; progress?: (read: number) => void },
): Promise<number> {
  const options = new Map<string, string>();
  for (let i = 0; i < args.length; i += 2) {
    const [name, value] = [args[i], args[i + 1]];
    if (!['--database-url', '--fiscal-year'].includes(name) || value === undefined) throw new ReplayUsageError(`unexpected argument "${name}"`);
    options.set(name.slice(2), value);
  }
  const fiscalYear = options.get('fiscal-year');
  if (!fiscalYear || !/^FY20\d{2}$/.test(fiscalYear)) throw new ReplayUsageError("--fiscal-year is required, e.g. 'FY2024'");
  const url = options.get('database-url') ?? env.DATABASE_URL;
  if (!url) throw new ReplayUsageError('--database-url (or DATABASE_URL) is required');
  const store = new PostgresEventStore({ connectionString: url, poolSize: 2 });
  const upcasters = new Upcasters(API_UPCASTERS);
  try {
    const events: RecordedEvent[] = [];
    for (let after = 0n; ; ) {
      const page = await store.readAll({ after, maxCount: 10_000 });
      if (page.length === 0) break;
      events.push(...page.map((event) => upcasters.upcast(event)));
      after = page[page.length - 1].position;
      io.progress?.(events.length);
    }
    const report = replayFiscalYear(fiscalYear, events);
    for (const m of report.mismatches) {
      io.out(`不一致 / MISMATCH at position ${m.position} (${m.type}, ${m.eventId}) ${m.recipient ?? '-'} ${m.field}: recorded ${m.recorded}, recomputed ${m.recomputed}`);
    }
    io.out(`${fiscalYear}: ${report.events} events, ${report.decisions} decisions recomputed, ${report.mismatches.length} mismatches`);
    return report.mismatches.length === 0 ? 0 : EXIT_NOT_REPRODUCED;
  } finally {
    await store.close();
  }
}
