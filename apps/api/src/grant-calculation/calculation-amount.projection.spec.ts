import fc from 'fast-check';
import { foldEvents, grantCalculationDecider } from '@grants/domain';
import type { RecordedPool } from '@grants/domain';
import { RecordedEvent } from '@grants/event-store';
import { calculationOf } from '../fiscal-year/year-views.sql';
import { calculationInForce, CalculationAmountProjection, evolveCalculationAmounts, YearCalculations, yearAmountRows } from './calculation-amount.projection';

function event(position: number, fiscalYear: string, type: string, data: object): RecordedEvent {
  return {
    eventId: `e${position}`,
    position: BigInt(position),
    streamId: `grant_calculation-${fiscalYear}`,
    streamVersion: BigInt(position),
    type,
    schemaVersion: 1,
    data: JSON.parse(JSON.stringify({ fiscalYear, ...data })),
    metadata: { actorId: 'a', actorRole: 'national-admin', organisationCode: 'MHLW', commandId: `c${position}` },
    recordedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, position)),
  };
}

/** Two pools of two recipients each; `seed` varies the amounts. */
function pools(seed: number): RecordedPool[] {
  const recipient = (code: string, amount: number, cap: string | null) => ({ code, weight: String(seed + amount), capYen: cap, capped: cap !== null, exactShareYen: `${amount}.5`, amountYen: String(amount * 1000) });
  return [
    { pool: 'suishin-municipal', poolYen: '10000000', placedYen: '9999000', unallocatedYen: '1000', rounds: 1, recipients: [recipient('242055', seed + 1, null), recipient('130001', seed + 2, null)] },
    { pool: 'suishin-prefectural', poolYen: '500000', placedYen: '500000', unallocatedYen: '0', rounds: 2, recipients: [recipient('13', seed + 3, '90000'), recipient('24', seed + 4, null)] },
  ];
}

const trial = (position: number, trialNumber: number, fiscalYear = 'FY2024') => event(position, fiscalYear, 'GrantTrialCalculated', { trialNumber, inputsSha256: 'x', ruleVersion: 'v1', unitYen: '1000', pools: pools(trialNumber), invariants: [], calculatedAt: '2025-01-01T00:00:00.000Z' });
const requested = (position: number, trialNumber: number, fiscalYear = 'FY2024') => event(position, fiscalYear, 'FinalizationRequested', { trialNumber, requestedBy: 'a', requestedAt: '2025-01-02T00:00:00.000Z' });
const finalized = (position: number, trialNumber: number, fiscalYear = 'FY2024') =>
  event(position, fiscalYear, 'GrantsFinalized', { trialNumber, inputsSha256: 'x', requestedBy: 'a', approvedBy: 'b', pools: pools(trialNumber), finalizedAt: '2025-01-03T00:00:00.000Z' });
const recalculated = (position: number, recalculationNumber: number, finalTrialNumber: number, fiscalYear = 'FY2024') =>
  event(position, fiscalYear, 'GrantsRecalculated', { recalculationNumber, finalTrialNumber, inputsSha256: 'y', pools: pools(100 + recalculationNumber), differences: [], invariants: [], calculatedAt: '2025-02-01T00:00:00.000Z' });

/** A year's calculation stream as the decider allows it: trials, then (maybe) a finalization and recalculations. */
const yearLog = (fiscalYear: string) =>
  fc.record({ trials: fc.nat(4), finalize: fc.boolean(), recalculations: fc.nat(3) }).map(({ trials, finalize, recalculations }) => {
    const made: ((position: number) => RecordedEvent)[] = [];
    for (let n = 1; n <= trials; n += 1) made.push((p) => trial(p, n, fiscalYear));
    if (trials > 0 && finalize) {
      made.push((p) => requested(p, trials, fiscalYear), (p) => finalized(p, trials, fiscalYear));
      for (let n = 1; n <= recalculations; n += 1) made.push((p) => recalculated(p, n, trials, fiscalYear));
    }
    return made;
  });

/** Two years' streams interleaved in global order. */
const log = fc.tuple(yearLog('FY2024'), yearLog('FY2025'), fc.array(fc.boolean(), { maxLength: 40 })).map(([a, b, picks]) => {
  const events: RecordedEvent[] = [];
  for (let i = 0; a.length + b.length > 0; i += 1) {
    const from = b.length === 0 || (a.length > 0 && (picks[i] ?? true)) ? a : b;
    events.push(from.shift()!(events.length + 1));
  }
  return events;
});

function project(batches: readonly (readonly RecordedEvent[])[]): Map<string, YearCalculations> {
  const years = new Map<string, YearCalculations>();
  for (const batch of batches) {
    for (const e of batch) {
      const next = evolveCalculationAmounts(years.get(e.streamId) ?? null, e);
      if (next) years.set(e.streamId, next);
    }
  }
  return years;
}

describe('calculation amount projection (pure)', () => {
  it('names each calculation as the audit does and keeps its trial number', () => {
    const year = project([[trial(1, 1), trial(2, 2), requested(3, 2), finalized(4, 2), recalculated(5, 1, 2)]]).get('grant_calculation-FY2024')!;
    expect(year.calculations.map((c) => [c.ref, c.trialNumber, c.position])).toEqual([
      ['trial:1', 1, 1n],
      ['trial:2', 2, 2n],
      ['final', 2, 4n],
      ['recalculation:1', 2, 5n],
    ]);
  });

  it('writes one row per pool and recipient in recorded order, marking the calculation in force', () => {
    const year = project([[trial(1, 1), trial(2, 2)]]).get('grant_calculation-FY2024')!;
    const rows = yearAmountRows(year);
    expect(rows).toHaveLength(8);
    expect(rows.filter((r) => r.inForce).map((r) => [r.calculation, r.ordinal, r.pool, r.code])).toEqual([
      ['trial:2', 1, 'suishin-municipal', '242055'],
      ['trial:2', 2, 'suishin-municipal', '130001'],
      ['trial:2', 3, 'suishin-prefectural', '13'],
      ['trial:2', 4, 'suishin-prefectural', '24'],
    ]);
    expect(rows.find((r) => r.inForce && r.code === '13')).toMatchObject({ fiscalYear: 'FY2024', trialNumber: 2, poolYen: '500000', rounds: 2, weight: '7', capYen: '90000', capped: true, exactShareYen: '5.5', amountYen: '5000', position: '2' });
  });

  it('ignores other events and streams, and an event already applied', () => {
    const year = evolveCalculationAmounts(null, trial(3, 1));
    expect(evolveCalculationAmounts(year, requested(4, 1))).toBe(year);
    expect(evolveCalculationAmounts(year, trial(3, 1))).toBe(year);
    expect(evolveCalculationAmounts(year, { ...trial(5, 2), streamId: 'grant_calculation-FY2024-x' })).toBe(year);
    const projection = new CalculationAmountProjection();
    expect(projection.canHandle(trial(1, 1))).toBe(true);
    expect(projection.canHandle(requested(1, 1))).toBe(false);
  });

  it('holds, in force, the amounts the grant-calculation decider’s state has in force, and reads back from its rows; however the log is batched', () => {
    fc.assert(
      fc.property(log, fc.array(fc.nat(), { maxLength: 6 }), (events, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (events.length + 1)))].sort((a, b) => a - b);
        const batches = [0, ...points, events.length].slice(1).map((end, i, all) => events.slice(i === 0 ? 0 : all[i - 1], end));
        const once = project([events]);
        expect(project(batches)).toEqual(once);
        expect(project([...batches, ...batches])).toEqual(once);
        for (const fiscalYear of ['FY2024', 'FY2025']) {
          const streamId = `grant_calculation-${fiscalYear}`;
          const state = foldEvents(grantCalculationDecider, events.filter((e) => e.streamId === streamId));
          const year = once.get(streamId) ?? null;
          const inForce = calculationInForce(year);
          expect(inForce?.pools).toEqual(state.latestRecalculation?.pools ?? state.finalized?.pools ?? state.latest?.pools);
          expect(inForce?.trialNumber).toEqual((state.finalized ?? state.latest)?.trialNumber);
          const rows = year ? yearAmountRows(year).filter((r) => r.inForce) : [];
          expect(calculationOf(rows)).toEqual(inForce);
        }
      }),
      { numRuns: 200 },
    );
  });
});
