import fc from 'fast-check';
import { FY2021_PREFECTURAL_FRAMEWORK, FY2024_MUNICIPAL_FRAMEWORK, fiscalYearDecider, foldEvents, PHASES } from '@grants/domain';
import { RecordedEvent } from '@grants/event-store';
import { FiscalYearViewRow } from './fiscal-year-view.entity';
import { evolveFiscalYearView, FiscalYearViewProjection } from './fiscal-year-view.projection';

function event(position: number, streamId: string, streamVersion: number, type: string, data: object): RecordedEvent {
  return {
    eventId: `e${position}`,
    position: BigInt(position),
    streamId,
    streamVersion: BigInt(streamVersion),
    type,
    schemaVersion: 1,
    data: JSON.parse(JSON.stringify(data)),
    metadata: { actorId: 'a', actorRole: 'national-admin', organisationCode: 'MHLW', commandId: `c${position}` },
    recordedAt: new Date(Date.UTC(2024, 3, 1, 0, 0, position)),
  };
}

const opened = (fiscalYear: string) => ({
  fiscalYear,
  pools: { suishinMunicipalYen: '1000000', suishinPrefecturalYen: '200000', shienMunicipalYen: '3000000', shienPrefecturalYen: '400000' },
  municipalFramework: FY2024_MUNICIPAL_FRAMEWORK,
  prefecturalFramework: FY2021_PREFECTURAL_FRAMEWORK,
  frameworkHashes: { municipal: 'a'.repeat(64), prefectural: 'b'.repeat(64) },
  deadlines: { submissionsDueAt: '2024-06-30T15:00:00.000Z', prefectureSubmissionsDueAt: '2024-07-31T15:00:00.000Z', reviewDueAt: '2024-09-30T15:00:00.000Z' },
  allocationRuleVersion: 'largest-remainder/v1',
  unitYen: '1000',
  openedAt: '2024-04-01T00:00:00.000Z',
});

/** A log of two years' streams: each opened, then phase changes and ScoresCalculated in any mix, interleaved. */
const log = fc
  .array(fc.record({ year: fc.constantFrom('FY2024', 'FY2025'), scores: fc.boolean() }), { maxLength: 20 })
  .map((items) => {
    const versions = new Map<string, number>();
    const phases = new Map<string, number>();
    const events: RecordedEvent[] = [];
    for (const { year, scores } of [{ year: 'FY2024', scores: false }, { year: 'FY2025', scores: false }, ...items]) {
      const streamId = `fiscal_year-${year}`;
      const version = (versions.get(streamId) ?? -1) + 1;
      versions.set(streamId, version);
      const position = events.length + 1;
      if (version === 0) events.push(event(position, streamId, version, 'FiscalYearOpened', opened(year)));
      else if (scores) events.push(event(position, streamId, version, 'ScoresCalculated', { fiscalYear: year }));
      else {
        const from = phases.get(year) ?? 0;
        const to = Math.min(from + 1, PHASES.length - 1);
        phases.set(year, to);
        events.push(event(position, streamId, version, 'FiscalYearPhaseAdvanced', { fiscalYear: year, from: PHASES[from], to: PHASES[to], advancedAt: '2024-07-01T00:00:00.000Z' }));
      }
    }
    return events;
  });

function project(batches: readonly (readonly RecordedEvent[])[]): Map<string, FiscalYearViewRow> {
  const rows = new Map<string, FiscalYearViewRow>();
  for (const batch of batches) {
    for (const e of batch) {
      const next = evolveFiscalYearView(rows.get(e.streamId) ?? null, e);
      if (next) rows.set(e.streamId, next);
    }
  }
  return rows;
}

describe('fiscal year view projection (pure)', () => {
  it('shows the opened year: pools, deadlines, rule, unit, frameworks and hashes, at version 0', () => {
    const row = evolveFiscalYearView(null, event(3, 'fiscal_year-FY2024', 0, 'FiscalYearOpened', opened('FY2024')));
    expect(row).toEqual({ ...opened('FY2024'), phase: 'open', deadlineChanges: [], grantSteps: [], version: '0', lastPosition: '3' });
  });

  it('keeps the 所要見込額 window\'s date and each step recorded after finalization', () => {
    const open = evolveFiscalYearView(null, event(3, 'fiscal_year-FY2024', 0, 'FiscalYearOpened', { ...opened('FY2024'), allocationRuleVersion: 'mhlw-fy2024-v1' }));
    const window = evolveFiscalYearView(
      open,
      event(4, 'fiscal_year-FY2024', 1, 'FiscalYearPhaseAdvanced', { fiscalYear: 'FY2024', from: 'draft_published', to: 'requests_open', advancedAt: '2024-07-01T00:00:00.000Z', requestsDueAt: '2024-07-31T08:00:00.000Z' }),
    );
    expect(window).toMatchObject({ phase: 'requests_open', requestsDueAt: '2024-07-31T08:00:00.000Z', version: '1' });
    const step = { step: 'application', date: '2024-12-02', reason: '交付申請書の受理', recordedBy: 'admin-1', recordedAt: '2024-12-03T00:00:00.000Z' };
    const recorded = evolveFiscalYearView(window, event(6, 'fiscal_year-FY2024', 2, 'GrantStepRecorded', { fiscalYear: 'FY2024', ...step }));
    expect(recorded).toMatchObject({ phase: 'requests_open', requestsDueAt: '2024-07-31T08:00:00.000Z', grantSteps: [step], version: '2', lastPosition: '6' });
  });

  it('follows a deadline changed, keeping its history with the reason', () => {
    const open = evolveFiscalYearView(null, event(3, 'fiscal_year-FY2024', 0, 'FiscalYearOpened', opened('FY2024')));
    const change = { deadline: 'submissionsDueAt', from: '2024-06-30T15:00:00.000Z', to: '2024-07-14T15:00:00.000Z', kind: 'extended', reason: '災害のため延長', changedAt: '2024-06-01T00:00:00.000Z' };
    const changed = evolveFiscalYearView(open, event(5, 'fiscal_year-FY2024', 1, 'DeadlineChanged', { fiscalYear: 'FY2024', ...change }));
    expect(changed).toMatchObject({ deadlines: { ...opened('FY2024').deadlines, submissionsDueAt: '2024-07-14T15:00:00.000Z' }, deadlineChanges: [change], version: '1', lastPosition: '5' });
  });

  it('moves the phase and the version, and a ScoresCalculated moves the version only', () => {
    const open = evolveFiscalYearView(null, event(3, 'fiscal_year-FY2024', 0, 'FiscalYearOpened', opened('FY2024')));
    const advanced = evolveFiscalYearView(open, event(9, 'fiscal_year-FY2024', 1, 'FiscalYearPhaseAdvanced', { from: 'open', to: 'submissions_closed' }));
    expect(advanced).toMatchObject({ phase: 'submissions_closed', version: '1', lastPosition: '9' });
    const scored = evolveFiscalYearView(advanced, event(12, 'fiscal_year-FY2024', 2, 'ScoresCalculated', { fiscalYear: 'FY2024' }));
    expect(scored).toMatchObject({ phase: 'submissions_closed', version: '2', lastPosition: '12' });
    expect(evolveFiscalYearView(scored, event(9, 'fiscal_year-FY2024', 1, 'FiscalYearPhaseAdvanced', { to: 'scored' }))).toBe(scored);
  });

  it('ignores other streams, unknown events, and a year it never saw opened', () => {
    const projection = new FiscalYearViewProjection();
    expect(evolveFiscalYearView(null, event(1, 'fiscal_year-FY2026-x', 0, 'FiscalYearOpened', { fiscalYear: 'FY2026' }))).toBeNull();
    expect(evolveFiscalYearView(null, event(1, 'register-FY2024', 0, 'FiscalYearOpened', opened('FY2024')))).toBeNull();
    expect(evolveFiscalYearView(null, event(1, 'fiscal_year-FY2024', 0, 'FiscalYearPhaseAdvanced', { to: 'submissions_closed' }))).toBeNull();
    expect(projection.canHandle(event(1, 'fiscal_year-FY2026-x', 0, 'FiscalYearOpened', {}))).toBe(false);
    expect(projection.canHandle(event(1, 'fiscal_year-FY2024', 0, 'ScoresCalculated', {}))).toBe(true);
  });

  it('agrees with the fiscal year decider’s fold and the stream version, however the log is cut into batches and when batches come twice', () => {
    fc.assert(
      fc.property(log, fc.array(fc.nat(), { maxLength: 6 }), (events, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (events.length + 1)))].sort((a, b) => a - b);
        const batches = [0, ...points, events.length].slice(1).map((end, i, all) => events.slice(i === 0 ? 0 : all[i - 1], end));
        const once = project([events]);
        expect(project(batches)).toEqual(once);
        expect(project([...batches, ...batches])).toEqual(once);
        for (const [streamId, row] of once) {
          const own = events.filter((e) => e.streamId === streamId);
          const state = foldEvents(fiscalYearDecider, own);
          const { version, lastPosition, ...year } = row;
          expect({ status: 'opened', ...year }).toEqual(state);
          expect([version, lastPosition]).toEqual([String(own.length - 1), own[own.length - 1].position.toString()]);
        }
      }),
      { numRuns: 200 },
    );
  });
});
