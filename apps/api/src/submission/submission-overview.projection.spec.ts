import fc from 'fast-check';
import { RecordedEvent } from '@grants/event-store';
import { evolveSubmissionOverview, SubmissionOverviewRow } from './submission-overview.projection';

const types = ['AnswersSaved', 'SubmissionSubmitted', 'SubmissionReturned', 'AnswerReviewed'] as const;

/** A log of submission events for a few insurers, in global order with per-stream versions. */
const log = fc.array(fc.record({ insurer: fc.constantFrom('242055', '130001', '011002'), type: fc.constantFrom(...types), corrected: fc.boolean() }), { maxLength: 60 }).map((items) => {
  const versions = new Map<string, bigint>();
  return items.map((item, i): RecordedEvent => {
    const streamId = `submission-FY2024-${item.insurer}`;
    const version = (versions.get(streamId) ?? -1n) + 1n;
    versions.set(streamId, version);
    return {
      eventId: `e${i}`,
      position: BigInt(i + 1),
      streamId,
      streamVersion: version,
      type: item.type,
      schemaVersion: 1,
      data: item.type === 'AnswerReviewed' ? { decision: item.corrected ? 'corrected' : 'accepted' } : {},
      metadata: { actorId: 'a', actorRole: 'insurer', organisationCode: item.insurer, commandId: `c${i}` },
      recordedAt: new Date(Date.UTC(2024, 5, 1, 0, 0, i)),
    };
  });
});

function project(batches: readonly (readonly RecordedEvent[])[]): Map<string, SubmissionOverviewRow> {
  const rows = new Map<string, SubmissionOverviewRow>();
  for (const batch of batches) {
    for (const event of batch) {
      const next = evolveSubmissionOverview(rows.get(event.streamId) ?? null, event);
      if (next) rows.set(event.streamId, next);
    }
  }
  return rows;
}

describe('submission overview projection (pure)', () => {
  it('gives the same rows however the log is cut into batches, and when batches are delivered twice', () => {
    fc.assert(
      fc.property(log, fc.array(fc.nat(), { maxLength: 10 }), (events, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (events.length + 1)))].sort((a, b) => a - b);
        const batches = [0, ...points, events.length].slice(1).map((end, i, all) => events.slice(i === 0 ? 0 : all[i - 1], end));
        const once = project([events]);
        expect(project(batches)).toEqual(once);
        expect(project([...batches, ...batches])).toEqual(once);
      }),
      { numRuns: 500 },
    );
  });

  it('tracks status, 差戻し and corrections per insurer', () => {
    fc.assert(
      fc.property(log, (events) => {
        const rows = project([events]);
        for (const [streamId, row] of rows) {
          const own = events.filter((e) => e.streamId === streamId);
          expect(row.version).toBe(own[own.length - 1].streamVersion.toString());
          expect(row.returned_count).toBe(own.filter((e) => e.type === 'SubmissionReturned').length);
          expect(row.corrected_count).toBe(own.filter((e) => e.type === 'AnswerReviewed' && e.data.decision === 'corrected').length);
          const lastStatusEvent = [...own].reverse().find((e) => e.type !== 'AnswerReviewed');
          if (lastStatusEvent?.type === 'SubmissionSubmitted') expect(row.status).toBe('submitted');
          if (lastStatusEvent?.type === 'SubmissionReturned') expect(row.status).toBe('returned');
        }
      }),
      { numRuns: 300 },
    );
  });
});
