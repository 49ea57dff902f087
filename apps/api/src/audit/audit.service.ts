import { Injectable } from '@nestjs/common';
import { DomainError, FiscalYearHistory, fiscalYearOfStream, FiscalYearReplay, historyAsOf, ReplayReport } from '@grants/domain';
import { ChainDigest, ChainVerification, EventStore, PostgresEventStore, readAllPages, RecordedEvent, Upcasters, verifyChain } from '@grants/event-store';
import { AsOf, currentAsOf, isWithin } from '../common/as-of';

export interface FiscalYearHead {
  readonly fiscalYear: string;
  readonly events: number;
  /** The chain head at the fiscal year's last event: a digest that covers the year and everything before it. */
  readonly head: { readonly position: string; readonly hash: string | null };
}

const PAGE = 10_000;

/**
 * Reads the log for auditors: the whole fiscal year in global order (as of the request's point in time, if any),
 * upcast to the current schemas, folded by the pure audit functions of @grants/domain.
 */
@Injectable()
export class AuditService {
  constructor(
    private readonly store: EventStore,
    private readonly upcasters: Upcasters,
  ) {}

  /** Pages through the log in global order up to the as-of point; `visit` sees every event of every year. */
  async scan(visit: (event: RecordedEvent) => void, asOf: AsOf | undefined = currentAsOf()): Promise<void> {
    for await (const page of readAllPages(this.store, { pageSize: PAGE })) {
      for (const event of page) {
        if (asOf?.position !== undefined && event.position > asOf.position) return;
        if (isWithin(asOf, event)) visit(this.upcasters.upcast(event));
      }
    }
  }

  async events(fiscalYear: string): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    await this.scan((event) => {
      if (fiscalYearOfStream(event.streamId) === fiscalYear) events.push(event);
    });
    if (events.length === 0) {
      throw new DomainError('not_found', 'AUDIT.NO_EVENTS', `${fiscalYear} のイベントは（指定の時点までに）ありません。`, `No events of ${fiscalYear} (up to the given point).`, 'fiscalYear');
    }
    return events;
  }

  async history(fiscalYear: string): Promise<{ history: FiscalYearHistory; events: RecordedEvent[] }> {
    const events = await this.events(fiscalYear);
    return { history: historyAsOf(fiscalYear, events), events };
  }

  async replay(fiscalYear: string): Promise<ReplayReport> {
    const replay = new FiscalYearReplay(fiscalYear);
    for (const event of await this.events(fiscalYear)) replay.apply(event);
    return replay.report();
  }

  /** The hash chain verified from the start, and the head of each fiscal year (the digest an auditor keeps). */
  async chain(expectedDigest?: ChainDigest): Promise<ChainVerification & { fiscalYears: FiscalYearHead[] }> {
    if (!(this.store instanceof PostgresEventStore)) {
      throw new DomainError('conflict', 'AUDIT.CHAIN_UNAVAILABLE', 'この構成のイベントストアはハッシュチェーンを持ちません。', 'This event store keeps no hash chain.');
    }
    const verification = await verifyChain(this.store.connectionPool, { expectedDigest });
    const heads = new Map<string, { events: number; position: bigint; hash: string | null }>();
    await this.scan((event) => {
      const fiscalYear = fiscalYearOfStream(event.streamId);
      if (!fiscalYear || (!verification.ok && event.position > verification.head.position)) return;
      const head = heads.get(fiscalYear) ?? { events: 0, position: 0n, hash: null };
      heads.set(fiscalYear, { events: head.events + 1, position: event.position, hash: event.hash ?? null });
    }, undefined);
    const fiscalYears = [...heads.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([fiscalYear, head]) => ({ fiscalYear, events: head.events, head: { position: head.position.toString(), hash: head.hash } }));
    return { ...verification, fiscalYears };
  }
}
