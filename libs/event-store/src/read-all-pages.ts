import { EventStore, RecordedEvent } from './event-store';

/**
 * The log in global order, page by page, with the next page already requested while the caller works on the current
 * one (the database reads and sends while this process folds). Ends after the last page.
 */
export async function* readAllPages(store: EventStore, options: { after?: bigint; pageSize?: number } = {}): AsyncGenerator<RecordedEvent[]> {
  const pageSize = options.pageSize ?? 10_000;
  let pending: Promise<RecordedEvent[]> | undefined = store.readAll({ after: options.after ?? 0n, maxCount: pageSize });
  try {
    while (pending) {
      const page: RecordedEvent[] = await pending;
      pending = page.length === pageSize ? store.readAll({ after: page[page.length - 1].position, maxCount: pageSize }) : undefined;
      if (page.length > 0) yield page;
    }
  } finally {
    // A caller that stops early leaves the prefetched page unread: its failure, if any, is nobody's business.
    pending?.catch(() => undefined);
  }
}
