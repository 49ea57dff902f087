/**
 * A fiscal year recorded by the service before the application layer was rebuilt on the CommandBus,
 * exported with `npm run cli -- export` from the HTTP walk (test/fiscal-year-walk.e2e-spec.ts): 21 insurers, a 差戻し,
 * a reviewer's correction, a schema-1 RequestedAmountsSet, trials, a two-person finalization, a score correction and
 * a recalculation. Whatever the code becomes, this year must still verify and replay with every decision reproduced.
 */
import { join } from 'node:path';
import { replayFiscalYear } from '@grants/domain';
import { chainHash, GENESIS_HASH, Upcasters } from '@grants/event-store';
import { API_UPCASTERS } from '../apps/api/src/commands/upcasters';
import { readExport } from './support/recorded-export';

const FIXTURE = join(__dirname, 'fixtures', 'fy2024-walk-recorded.ndjson');

describe('a fiscal year recorded before the application layer was rebuilt', () => {
  const events = readExport(FIXTURE);

  it('still chains: every stored hash recomputes from the exported event', () => {
    let previous = GENESIS_HASH;
    for (const event of events) {
      expect({ position: event.position, hash: chainHash(previous, event) }).toEqual({ position: event.position, hash: event.hash });
      previous = event.hash!;
    }
    expect(events).toHaveLength(Number(events.at(-1)!.position));
  });

  it('replays with every scoring, trial, finalization, correction and recalculation reproduced', () => {
    const upcasters = new Upcasters(API_UPCASTERS);
    const report = replayFiscalYear('FY2024', events.map((event) => upcasters.upcast(event)));
    // 7 decisions: the scoring, 2 trials, the finalization request and its approval, the score correction and the
    // recalculation (before replay checked every decision it recomputed only the scoring, the trials and the recalculation: 4).
    const decided = ['ScoresCalculated', 'GrantTrialCalculated', 'FinalizationRequested', 'GrantsFinalized', 'ScoreCorrected', 'GrantsRecalculated'];
    expect(events.filter((e) => decided.includes(e.type))).toHaveLength(7);
    expect(report).toMatchObject({ fiscalYear: 'FY2024', events: events.length, decisions: 7, mismatches: [] });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['GrantsFinalized', 'ScoreCorrected', 'GrantsRecalculated']));
    expect(events.some((e) => e.type === 'RequestedAmountsSet' && e.schemaVersion === 1)).toBe(true);
  });
});
