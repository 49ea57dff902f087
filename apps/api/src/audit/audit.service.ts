import { Injectable } from '@nestjs/common';
import { DomainError, FiscalYearHistory, fiscalYearOfStream, FiscalYearReplay, historyAsOf, ReplayReport, withinPoint } from '@grants/domain';
import {
  ChainDigest,
  ChainVerification,
  CheckpointVerification,
  EventStore,
  EventStoreDbEventStore,
  PostgresEventStore,
  readAllPages,
  RecordedEvent,
  Upcasters,
  verifyChain,
  verifyEventStoreDbChain,
} from '@grants/event-store';
import { currentAsOf } from '../common/as-of';
import { AuditCheckpoints, chainUnavailable } from './checkpoints/audit-checkpoints.service';
import { FiscalYearHead, fiscalYearHeadCollector, fiscalYearHeads } from './fiscal-year-heads';

export function noEvents(fiscalYear: string): DomainError {
  return new DomainError('not_found', 'AUDIT.NO_EVENTS', `${fiscalYear} のイベントは（指定の時点までに）ありません。`, `No events of ${fiscalYear} (up to the given point).`, 'fiscalYear');
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
    private readonly checkpoints: AuditCheckpoints,
  ) {}

  /** Pages through the log in global order up to the request's as-of point; `visit` sees every event of every year. */
  async scan(visit: (event: RecordedEvent) => void): Promise<void> {
    const asOf = currentAsOf();
    for await (const page of readAllPages(this.store, { pageSize: PAGE })) {
      for (const event of page) {
        if (asOf?.position !== undefined && event.position > asOf.position) return;
        if (withinPoint(asOf, event)) visit(this.upcasters.upcast(event));
      }
    }
  }

  async events(fiscalYear: string): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    await this.scan((event) => {
      if (fiscalYearOfStream(event.streamId) === fiscalYear) events.push(event);
    });
    if (events.length === 0) throw noEvents(fiscalYear);
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

  /**
   * The hash chain verified from the start, the head of each fiscal year (the digest an auditor keeps), and the signed
   * checkpoints of the service's key checked against it (a re-hashed history verifies as a chain but not there).
   * On EventStoreDB: $all checked against the sealer's seals (events not sealed yet are hashed into the head); the
   * service signs no checkpoints there, so every event counts as unsigned.
   */
  async chain(
    expectedDigest?: ChainDigest,
  ): Promise<ChainVerification & { fiscalYears: FiscalYearHead[]; checkpoints: CheckpointVerification; unsignedEvents: bigint }> {
    if (this.store instanceof EventStoreDbEventStore) {
      const years = fiscalYearHeadCollector();
      const verification = await verifyEventStoreDbChain(this.store, { expectedDigest, onEvent: years.onEvent });
      const checkpoints = await this.checkpoints.verify(verification);
      return { ...verification, fiscalYears: years.heads(), checkpoints, unsignedEvents: BigInt(verification.checked) };
    }
    if (!(this.store instanceof PostgresEventStore)) throw chainUnavailable();
    const verification = await verifyChain(this.store.connectionPool, { expectedDigest });
    const checkpoints = await this.checkpoints.verify(verification);
    // Heads of what verified: the whole log, or up to the last good event.
    const fiscalYears = await fiscalYearHeads(this.store.connectionPool, verification.ok ? undefined : verification.head.position);
    // Positions are gapless: the events after the latest verified checkpoint are the difference.
    return { ...verification, fiscalYears, checkpoints, unsignedEvents: verification.head.position - (checkpoints.latest?.position ?? 0n) };
  }
}
