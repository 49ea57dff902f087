/**
 * The recorded year of test/recorded-year.spec.ts forged as an attacker with superuser access would: one
 * finalized amount raised by 7 billion yen and the recalculation's differences edited to agree with it. Whatever the
 * chain says (a re-hashed chain verifies), the replay recomputes every decision and must name each forged value.
 */
import { join } from 'node:path';
import { replayFiscalYear, ReplayedEvent } from '@grants/domain';
import { Upcasters } from '@grants/event-store';
import { API_UPCASTERS } from '../apps/api/src/commands/upcasters';
import { readExport } from './support/recorded-export';

const FIXTURE = join(__dirname, 'fixtures', 'fy2024-walk-recorded.ndjson');

interface Recipient { code: string; amountYen: string }
interface Pool { pool: string; recipients: Recipient[] }
interface Difference { pool: string; code: string; finalAmountYen: string; newAmountYen: string; differenceYen: string }

function forged(): { events: ReplayedEvent[]; finalized: ReplayedEvent; recalculated: ReplayedEvent } {
  const upcasters = new Upcasters(API_UPCASTERS);
  const events = readExport(FIXTURE).map((event) => upcasters.upcast(structuredClone(event)) as ReplayedEvent);
  const finalized = events.find((e) => e.type === 'GrantsFinalized')!;
  const recalculated = events.find((e) => e.type === 'GrantsRecalculated')!;
  const pool = (finalized.data as { pools: Pool[] }).pools.find((p) => p.pool === 'suishin-municipal')!;
  const recipient = pool.recipients.find((r) => r.code === '012025')!;
  recipient.amountYen = (BigInt(recipient.amountYen) + 7_000_000_000n).toString();
  const difference = (recalculated.data as { differences: Difference[] }).differences.find((d) => d.pool === 'suishin-municipal' && d.code === '012025')!;
  difference.finalAmountYen = recipient.amountYen;
  difference.differenceYen = (BigInt(difference.newAmountYen) - BigInt(recipient.amountYen)).toString();
  return { events, finalized, recalculated };
}

describe('a recorded year with a forged finalized amount and forged recalculation differences', () => {
  it('is not reproduced: the forged amount, both forged differences and the broken pool sum are named', () => {
    const { events, finalized, recalculated } = forged();
    const report = replayFiscalYear('FY2024', events);
    const at = (event: ReplayedEvent) => ({ position: event.position.toString(), eventId: event.eventId, type: event.type });
    // The fixture's 012025 got 723,037,000 yen in 推進 (municipal) at finalization and 736,633,000 after the recalculation.
    expect(report.mismatches).toEqual(
      expect.arrayContaining([
        { ...at(finalized), recipient: '012025', field: 'suishin-municipal.amountYen', recorded: '7723037000', recomputed: '723037000' },
        { ...at(finalized), recipient: null, field: 'invariant.suishin-municipal.placedYen = Σ amountYen', recorded: '19000000000', recomputed: '26000000000' },
        { ...at(finalized), recipient: null, field: 'invariant.suishin-municipal.Σ amountYen + unallocatedYen = poolYen', recorded: '26000000000', recomputed: '19000000000' },
        { ...at(recalculated), recipient: '012025', field: 'differences.suishin-municipal.finalAmountYen', recorded: '7723037000', recomputed: '723037000' },
        { ...at(recalculated), recipient: '012025', field: 'differences.suishin-municipal.differenceYen', recorded: '-6986404000', recomputed: '13596000' },
      ]),
    );
    expect(report.mismatches).toHaveLength(5);
  });

  it('names a recipient paid more than its 所要見込額 and a negative amount', () => {
    const { events, finalized } = forged();
    const prefectural = (finalized.data as { pools: (Pool & { recipients: (Recipient & { capYen: string | null })[] })[] }).pools.find((p) => p.pool === 'suishin-prefectural')!;
    const [first, second] = prefectural.recipients;
    // Moving 5 million yen from one prefecture to another keeps the pool's sum; the cap and the sign still catch it.
    first.amountYen = (BigInt(first.amountYen) + 5_000_000n).toString();
    second.amountYen = (BigInt(second.amountYen) - 5_000_000n - BigInt(second.amountYen) - 1n).toString();
    const fields = replayFiscalYear('FY2024', events).mismatches.filter((m) => m.eventId === finalized.eventId).map((m) => `${m.recipient} ${m.field}`);
    expect(fields).toEqual(expect.arrayContaining([`${first.code} invariant.suishin-prefectural.amountYen ≤ capYen`, `${second.code} invariant.suishin-prefectural.amountYen ≥ 0`]));
  });
});
