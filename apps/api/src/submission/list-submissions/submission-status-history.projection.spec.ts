import fc from 'fast-check';
import { RecordedEvent } from '@grants/event-store';
import { evolveSubmissionOverview, SubmissionOverviewRow } from '../submission-overview.projection';
import { statusHistoryRows, SubmissionStatusRow } from './submission-status-history.projection';

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

/** Applies batches as the projection does: the latest row per stream carried from one batch to the next. */
function project(batches: readonly (readonly RecordedEvent[])[]): SubmissionStatusRow[] {
  const stored = new Map<string, SubmissionStatusRow>();
  const latest = new Map<string, SubmissionStatusRow>();
  for (const batch of batches) {
    for (const row of statusHistoryRows(latest, batch)) {
      stored.set(`${row.insurer_code}@${row.last_position}`, stored.get(`${row.insurer_code}@${row.last_position}`) ?? row);
      latest.set(`submission-${row.fiscal_year}-${row.insurer_code}`, row);
    }
  }
  return [...stored.values()].sort((a, b) => Number(BigInt(a.last_position) - BigInt(b.last_position)));
}

/** The as-of row: the latest history row at or before the point. */
function asOf(rows: readonly SubmissionStatusRow[], insurer: string, point: bigint): SubmissionStatusRow | undefined {
  return rows.filter((r) => r.insurer_code === insurer && BigInt(r.last_position) <= point).at(-1);
}

describe('submission status history projection (pure)', () => {
  it('gives the same rows however the log is cut into batches, and when batches are delivered twice', () => {
    fc.assert(
      fc.property(log, fc.array(fc.nat(), { maxLength: 10 }), (events, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (events.length + 1)))].sort((a, b) => a - b);
        const batches = [0, ...points, events.length].slice(1).map((end, i, all) => events.slice(i === 0 ? 0 : all[i - 1], end));
        const once = project([events]);
        expect(once).toHaveLength(events.length);
        expect(project(batches)).toEqual(once);
        expect(project([...batches, ...batches])).toEqual(once);
      }),
      { numRuns: 300 },
    );
  });

  it('answers, at every point, exactly the overview row folded from the stream up to that point', () => {
    fc.assert(
      fc.property(log, (events) => {
        const rows = project([events]);
        for (let point = 0; point <= events.length; point += 1) {
          for (const insurer of ['242055', '130001', '011002']) {
            let folded: SubmissionOverviewRow | null = null;
            for (const e of events.slice(0, point)) if (e.streamId.endsWith(insurer)) folded = evolveSubmissionOverview(folded, e);
            expect(asOf(rows, insurer, BigInt(point)) ?? null).toEqual(folded);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
