import fc from 'fast-check';
import { foldEvents, registerDecider } from '@grants/domain';
import { RecordedEvent } from '@grants/event-store';
import { RegisteredInsurerRow } from './registered-insurer.entity';
import { evolveRegisteredInsurers, RegisteredInsurerProjection } from './registered-insurer.projection';

const CODES = ['242055', '242063', '130001', '011002'];

function registered(position: number, fiscalYear: string, insurers: readonly { code: string; persons: number }[]): RecordedEvent {
  return {
    eventId: `e${position}`,
    position: BigInt(position),
    streamId: `register-${fiscalYear}`,
    streamVersion: BigInt(position),
    type: 'InsurersRegistered',
    schemaVersion: 1,
    data: {
      fiscalYear,
      insurers: insurers.map(({ code, persons }) => ({ code, name: `保険者${code}`, prefectureCode: code.slice(0, 2), category1InsuredPersons: persons })),
      source: { kind: 'api' },
      registeredAt: '2024-04-02T00:00:00.000Z',
    },
    metadata: { actorId: 'a', actorRole: 'national-admin', organisationCode: 'MHLW', commandId: `c${position}` },
    recordedAt: new Date(Date.UTC(2024, 3, 2, 0, 0, position)),
  };
}

/** Registrations and corrections of a few insurers in two years, in global order. */
const log = fc
  .array(fc.record({ year: fc.constantFrom('FY2024', 'FY2025'), insurers: fc.uniqueArray(fc.record({ code: fc.constantFrom(...CODES), persons: fc.nat(50_000) }), { selector: (i) => i.code, minLength: 1 }) }), {
    maxLength: 12,
  })
  .map((items) => items.map((item, i) => registered(i + 1, item.year, item.insurers)));

function project(batches: readonly (readonly RecordedEvent[])[]): Map<string, ReadonlyMap<string, RegisteredInsurerRow>> {
  const years = new Map<string, ReadonlyMap<string, RegisteredInsurerRow>>();
  for (const batch of batches) for (const e of batch) years.set(e.streamId, evolveRegisteredInsurers(years.get(e.streamId) ?? new Map(), e));
  return years;
}

describe('registered insurer projection (pure)', () => {
  it('writes each insurer of a registration, and a later registration of a code replaces its row', () => {
    const first = evolveRegisteredInsurers(new Map(), registered(4, 'FY2024', [{ code: '242055', persons: 40000 }, { code: '130001', persons: 9000 }]));
    expect(first.get('242055')).toEqual({ fiscalYear: 'FY2024', code: '242055', name: '保険者242055', prefectureCode: '24', category1InsuredPersons: 40000, position: '4' });
    const corrected = evolveRegisteredInsurers(first, registered(9, 'FY2024', [{ code: '242055', persons: 41000 }]));
    expect(corrected.get('242055')).toMatchObject({ category1InsuredPersons: 41000, position: '9' });
    expect(corrected.get('130001')).toBe(first.get('130001'));
    expect(evolveRegisteredInsurers(corrected, registered(4, 'FY2024', [{ code: '242055', persons: 40000 }]))).toBe(corrected);
  });

  it('ignores other streams and events', () => {
    const other = { ...registered(1, 'FY2024', [{ code: '242055', persons: 1 }]), streamId: 'register-FY2024-242055' };
    expect(evolveRegisteredInsurers(new Map(), other).size).toBe(0);
    expect(new RegisteredInsurerProjection().canHandle(other)).toBe(false);
    expect(new RegisteredInsurerProjection().canHandle({ ...other, streamId: 'register-FY2024', type: 'SomethingElse' })).toBe(false);
  });

  it('agrees with the register decider’s fold, however the log is cut into batches and when batches come twice', () => {
    fc.assert(
      fc.property(log, fc.array(fc.nat(), { maxLength: 6 }), (events, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (events.length + 1)))].sort((a, b) => a - b);
        const batches = [0, ...points, events.length].slice(1).map((end, i, all) => events.slice(i === 0 ? 0 : all[i - 1], end));
        const once = project([events]);
        expect(project(batches)).toEqual(once);
        expect(project([...batches, ...batches])).toEqual(once);
        for (const [streamId, rows] of once) {
          const state = foldEvents(registerDecider, events.filter((e) => e.streamId === streamId));
          expect([...rows.values()].map(({ code, name, prefectureCode, category1InsuredPersons }) => ({ code, name, prefectureCode, category1InsuredPersons }))).toEqual(
            [...rows.keys()].map((code) => state.insurers.get(code)),
          );
          expect(rows.size).toBe(state.insurers.size);
        }
      }),
      { numRuns: 200 },
    );
  });
});
