import fc from 'fast-check';
import { RecordedPool } from '../grant-calculation/grant-calculation';
import { fiscalYearOfStream } from '../streams/stream-id';
import { FiscalYearHistory, historyAsOf, ReplayedEvent } from './fiscal-year-history';
import { CALCULATION_REF, diffCalculations, diffViews, recipientTimeline, resolveCalculation } from './timeline';

const FY = 'FY2024';
const A = '242055';
const B = '242063';

let position = 0n;
function event(streamId: string, type: string, data: object, meta: Partial<NonNullable<ReplayedEvent['metadata']>> = {}): ReplayedEvent {
  position += 1n;
  return {
    position,
    eventId: `00000000-0000-4000-8000-${position.toString().padStart(12, '0')}`,
    streamId,
    type,
    data,
    recordedAt: new Date(Date.UTC(2024, 9, 1) + Number(position) * 60_000),
    metadata: { actorId: 'admin-1', actorRole: 'national-admin', organisationCode: 'MHLW', commandId: `cmd-${position}`, ...meta },
    hash: position.toString(16).padStart(64, '0'),
  };
}

function pools(amounts: Record<string, [string, string]>): RecordedPool[] {
  return ['suishin-municipal', 'shien-municipal'].map((pool, i) => ({
    pool: pool as RecordedPool['pool'],
    poolYen: '10000',
    placedYen: '10000',
    unallocatedYen: '0',
    rounds: 1,
    recipients: Object.entries(amounts).map(([code, yen]) => ({ code, weight: '1', capYen: null, capped: false, exactShareYen: yen[i], amountYen: yen[i] })),
  }));
}

/** A small fiscal year's story of two insurers: answers, a 差戻し, two trials, finalization, a correction, a recalculation. */
function story(): ReplayedEvent[] {
  position = 0n;
  const calc = `grant_calculation-${FY}`;
  return [
    event(`submission-${FY}-${A}`, 'AnswersSaved', { answers: { '1-1': { answerType: 'yes_no', yes: false } } }, { actorId: 'kuwana-1', actorRole: 'insurer', organisationCode: A }),
    event(`submission-${FY}-${B}`, 'AnswersSaved', { answers: { '1-1': { answerType: 'yes_no', yes: true } } }, { actorId: 'x-1', actorRole: 'insurer', organisationCode: B }),
    event(`submission-${FY}-${A}`, 'SubmissionSubmitted', {}, { actorId: 'kuwana-1', actorRole: 'insurer', organisationCode: A }),
    event(`submission-${FY}-${A}`, 'SubmissionReturned', { reason: '根拠資料の添付漏れ' }, { actorId: 'mie-1', actorRole: 'prefecture', organisationCode: '24', reason: '根拠資料の添付漏れ' }),
    event(`submission-FY2025-${A}`, 'AnswersSaved', { answers: { '1-1': { answerType: 'yes_no', yes: true } } }),
    event(`submission-${FY}-${A}`, 'AnswersSaved', { answers: { '1-1': { answerType: 'yes_no', yes: true } } }, { actorId: 'kuwana-1', actorRole: 'insurer', organisationCode: A }),
    event(`submission-${FY}-${A}`, 'SubmissionSubmitted', {}, { actorId: 'kuwana-1', actorRole: 'insurer', organisationCode: A }),
    event(calc, 'GrantTrialCalculated', { trialNumber: 1, pools: pools({ [A]: ['6000', '5000'], [B]: ['4000', '5000'] }) }),
    event(calc, 'GrantTrialCalculated', { trialNumber: 2, pools: pools({ [A]: ['7000', '5000'], [B]: ['3000', '5000'] }) }),
    event(calc, 'FinalizationRequested', { trialNumber: 2, requestedBy: 'admin-1' }),
    event(calc, 'GrantsFinalized', { trialNumber: 2, pools: pools({ [A]: ['7000', '5000'], [B]: ['3000', '5000'] }) }, { actorId: 'admin-2' }),
    event(calc, 'ScoreCorrected', { level: 'municipal', code: A, grant: 'suishin', score: 0 }, { reason: '監査で不備が判明' }),
    event(calc, 'GrantsRecalculated', { recalculationNumber: 1, pools: pools({ [A]: ['0', '5000'], [B]: ['10000', '5000'] }) }),
  ];
}

describe('FiscalYearHistory', () => {
  it('knows the fiscal year of every stream and ignores other years', () => {
    expect(fiscalYearOfStream(`submission-${FY}-${A}`)).toBe(FY);
    expect(fiscalYearOfStream(`fiscal_year-${FY}`)).toBe(FY);
    expect(fiscalYearOfStream('accounts-FY2024x')).toBeUndefined();
    const history = historyAsOf(FY, story());
    expect(history.events).toBe(12);
    expect(history.last?.position).toBe(13n);
    expect(history.calculations.map((c) => c.ref)).toEqual(['trial:1', 'trial:2', 'final', 'recalculation:1']);
    expect(history.inForce()?.ref).toBe('recalculation:1');
  });

  it('stops at a position or a time (as it stood then)', () => {
    const events = story();
    expect(historyAsOf(FY, events, { position: 9n }).inForce()?.ref).toBe('trial:2');
    expect(historyAsOf(FY, events, { position: 11n }).inForce()?.ref).toBe('final');
    expect(historyAsOf(FY, events, { at: events[7].recordedAt }).inForce()?.ref).toBe('trial:1');
    expect(historyAsOf(FY, events, { position: 0n }).events).toBe(0);
  });
});

describe('recipientTimeline', () => {
  it('lists every change of one insurer with who, role, why, the command and both values', () => {
    const { entries, view } = recipientTimeline(FY, A, story());
    expect(entries.map((e) => e.type)).toEqual([
      'AnswersSaved',
      'SubmissionSubmitted',
      'SubmissionReturned',
      'AnswersSaved',
      'SubmissionSubmitted',
      'GrantTrialCalculated',
      'GrantTrialCalculated',
      'GrantsFinalized',
      'ScoreCorrected',
      'GrantsRecalculated',
    ]);
    expect(entries[2]).toMatchObject({ actorId: 'mie-1', actorRole: 'prefecture', organisationCode: '24', reason: '根拠資料の添付漏れ', commandId: 'cmd-4' });
    expect(entries[2].changes).toEqual([{ field: 'status', before: 'submitted', after: 'returned' }]);
    expect(entries[3].changes).toEqual([{ field: 'answer.1-1', before: '{"answerType":"yes_no","yes":false}', after: '{"answerType":"yes_no","yes":true}' }]);
    expect(entries[6].changes).toEqual([
      { field: 'amount.basis', before: 'trial:1', after: 'trial:2' },
      { field: 'amount.suishin-municipal', before: '6000', after: '7000' },
    ]);
    expect(entries[8]).toMatchObject({ reason: '監査で不備が判明', changes: [{ field: 'correction.suishin', before: null, after: '0' }] });
    expect(entries[9].changes).toContainEqual({ field: 'amount.suishin-municipal', before: '7000', after: '0' });
    expect(view['amount.suishin-municipal']).toBe('0');
    expect(entries.every((e) => e.position !== '5')).toBe(true); // FY2025's event is not FY2024's history
  });

  it('narrows to field families and stops at a point in time', () => {
    const amounts = recipientTimeline(FY, B, story(), { fields: ['amount'] }).entries;
    expect(amounts.map((e) => e.changes.map((c) => `${c.field}:${c.before}->${c.after}`).join(' '))).toEqual([
      'amount.basis:null->trial:1 amount.shien-municipal:null->5000 amount.suishin-municipal:null->4000',
      'amount.basis:trial:1->trial:2 amount.suishin-municipal:4000->3000',
      'amount.basis:trial:2->final',
      'amount.basis:final->recalculation:1 amount.suishin-municipal:3000->10000',
    ]);
    const early = recipientTimeline(FY, B, story(), { asOf: { position: 9n } });
    expect(early.view['amount.suishin-municipal']).toBe('3000');
  });

  it('property: replaying the changes of the timeline in order gives the final view (nothing is missed)', () => {
    fc.assert(
      fc.property(fc.subarray(story().map((e) => e.position)), fc.constantFrom(A, B), (kept, code) => {
        const events = story().filter((e) => kept.includes(e.position));
        const { entries, view } = recipientTimeline(FY, code, events);
        const rebuilt: Record<string, string> = {};
        for (const entry of entries) {
          for (const change of entry.changes) {
            expect(rebuilt[change.field] ?? null).toBe(change.before);
            if (change.after === null) delete rebuilt[change.field];
            else rebuilt[change.field] = change.after;
          }
        }
        expect(rebuilt).toEqual(view);
      }),
    );
  });
});

describe('diffCalculations', () => {
  it('sets two calculations side by side per recipient; the pool nets to zero when it is placed in full both times', () => {
    const events = story();
    const whole = historyAsOf(FY, events);
    const diff = diffCalculations(resolveCalculation('final', FY, events, whole), resolveCalculation('recalculation:1', FY, events, whole));
    expect(diff.rows).toEqual([
      { pool: 'suishin-municipal', code: A, fromYen: '7000', toYen: '0', differenceYen: '-7000' },
      { pool: 'suishin-municipal', code: B, fromYen: '3000', toYen: '10000', differenceYen: '7000' },
    ]);
    expect(diff.pools.find((p) => p.pool === 'suishin-municipal')).toEqual({ pool: 'suishin-municipal', fromYen: '10000', toYen: '10000', differenceYen: '0', changed: 2 });
    expect(diffCalculations(whole.calculations[0], whole.calculations[0], { all: true }).rows.every((r) => r.differenceYen === '0')).toBe(true);
  });

  it('resolves the names auditors use, including the calculation in force at a point of the log', () => {
    const events = story();
    expect(resolveCalculation('@9', FY, events)?.ref).toBe('trial:2');
    expect(resolveCalculation('@12', FY, events)?.ref).toBe('final');
    expect(resolveCalculation(`@${events[7].recordedAt!.toISOString()}`, FY, events)?.ref).toBe('trial:1');
    expect(resolveCalculation('@1', FY, events)).toBeUndefined();
    expect(resolveCalculation('latest', FY, events)?.ref).toBe('recalculation:1');
    expect(resolveCalculation('trial:3', FY, events)).toBeUndefined();
    for (const ref of ['trial:1', 'final', 'recalculation:2', 'latest', 'in-force', '@12', '@2024-10-01T00:05:00Z']) expect(CALCULATION_REF.test(ref)).toBe(true);
    for (const ref of ['trial', 'final;drop', '@yesterday', 'trial:-1']) expect(CALCULATION_REF.test(ref)).toBe(false);
  });

  it('property: a diff reversed is the negated diff, and the differences add up to the difference of the totals', () => {
    const amount = fc.bigInt({ min: 0n, max: 10n ** 15n }).map(String);
    const calc = fc.dictionary(fc.constantFrom('011002', '242055', '131016', '472018'), fc.tuple(amount, amount)).map((a) => ({
      ref: 'trial:1',
      label: 't',
      position: 1n,
      eventId: 'e',
      pools: pools(a),
    }));
    fc.assert(
      fc.property(calc, calc, (a, b) => {
        const forward = diffCalculations(a, b);
        const backward = diffCalculations(b, a);
        expect(backward.rows.map((r) => BigInt(r.differenceYen))).toEqual(forward.rows.map((r) => -BigInt(r.differenceYen)));
        for (const pool of forward.pools) {
          const sum = forward.rows.filter((r) => r.pool === pool.pool).reduce((s, r) => s + BigInt(r.differenceYen), 0n);
          expect(sum).toBe(BigInt(pool.toYen) - BigInt(pool.fromYen));
        }
      }),
    );
  });
});

describe('diffViews', () => {
  it('reports added, removed and changed fields in a stable order', () => {
    expect(diffViews({ a: '1', b: '2' }, { b: '3', c: '4' })).toEqual([
      { field: 'a', before: '1', after: null },
      { field: 'b', before: '2', after: '3' },
      { field: 'c', before: null, after: '4' },
    ]);
    expect(new FiscalYearHistory(FY).inForce()).toBeUndefined();
  });
});
