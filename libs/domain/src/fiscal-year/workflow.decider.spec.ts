import fc from 'fast-check';
import { ALLOCATION_RULES } from '../allocation/allocation-rules';
import { DomainError } from '../domain-error';
import { FY2021_PREFECTURAL_FRAMEWORK, FY2024_MUNICIPAL_FRAMEWORK } from '../framework/shipped-frameworks';
import { deciderSpecification } from '../testing/decider-specification';
import { evolveFiscalYear, FiscalYearOpened, FiscalYearStreamEvent, GrantStep, GrantStepRecorded, initialFiscalYearState, Phase, PHASES } from './fiscal-year';
import { fiscalYearDecider, OpenFiscalYear, RecordGrantStep, TimedFiscalYearCommand } from './fiscal-year.decider';
import { checkRequestsWindow, phasesOf, SETTLEMENT_PHASES, SINGLE_PASS_PHASES } from './workflow';

/**
 * The workflow of a year under `mhlw-fy2024-v1`: 内示 (draft_published), the 所要見込額 window (requests_open with its
 * date, then requests_closed), finalized, and the steps recorded after it; the years of other rule versions keep
 * open → … → scored → allocated → finalized.
 */
const now = new Date('2024-07-01T00:00:00.000Z');
const open: OpenFiscalYear & { now: Date } = {
  type: 'OpenFiscalYear',
  fiscalYear: 'FY2024',
  pools: { suishinMunicipalYen: '10000000', suishinPrefecturalYen: '1000000', shienMunicipalYen: '20000000', shienPrefecturalYen: '1000000' },
  municipalFramework: FY2024_MUNICIPAL_FRAMEWORK,
  prefecturalFramework: FY2021_PREFECTURAL_FRAMEWORK,
  frameworkHashes: { municipal: 'a'.repeat(64), prefectural: 'b'.repeat(64) },
  deadlines: { submissionsDueAt: '2024-07-31T08:00:00.000Z', prefectureSubmissionsDueAt: '2024-08-31T08:00:00.000Z', reviewDueAt: '2024-10-31T08:00:00.000Z' },
  allocationRuleVersion: 'mhlw-fy2024-v1',
  unitYen: '1000',
  now,
};
const requestsDueAt = '2024-08-15T08:00:00.000Z';
const advance = (to: Phase, extra: { requestsDueAt?: string } = {}): TimedFiscalYearCommand => ({ type: 'AdvancePhase', fiscalYear: 'FY2024', to, readiness: { missing: [] }, ...extra, now });
const { given } = deciderSpecification(fiscalYearDecider);
const decide = (command: TimedFiscalYearCommand, history: readonly FiscalYearStreamEvent[]) =>
  fiscalYearDecider.decide(command, history.reduce(fiscalYearDecider.evolve, fiscalYearDecider.initialState));
const openedUnder = (allocationRuleVersion: string) => decide({ ...open, allocationRuleVersion }, []);
/** A settlement year walked forward to a phase (the window opened with its date on the way). */
const walkedTo = (phase: Phase, history = openedUnder('mhlw-fy2024-v1')): FiscalYearStreamEvent[] =>
  SETTLEMENT_PHASES.slice(1, SETTLEMENT_PHASES.indexOf(phase as (typeof SETTLEMENT_PHASES)[number]) + 1).reduce<FiscalYearStreamEvent[]>(
    (events, to) => [...events, ...decide(advance(to, to === 'requests_open' ? { requestsDueAt } : {}), events)],
    [...history],
  );
const stateOf = (events: readonly FiscalYearStreamEvent[]) => events.reduce(evolveFiscalYear, initialFiscalYearState);

describe('opening a year names a rule version of the table', () => {
  it.each(Object.keys(ALLOCATION_RULES))('opens under %s', (version) => {
    given([]).when({ ...open, allocationRuleVersion: version }).then((events) => expect(events[0]).toMatchObject({ type: 'FiscalYearOpened', data: { allocationRuleVersion: version } }));
  });

  it.each(['v1', 'v 1', 'largest-remainder/v1', 'MHLW-FY2024-V1', '', 'toString', '__proto__'])('refuses %j with 400 FISCAL_YEAR.UNKNOWN_ALLOCATION_RULE naming the known versions', (version) => {
    const refused = given([]).when({ ...open, allocationRuleVersion: version }).thenThrows('FISCAL_YEAR.UNKNOWN_ALLOCATION_RULE', 'invalid', 'allocationRuleVersion');
    expect(refused.details).toEqual({ known: Object.keys(ALLOCATION_RULES) });
    expect(refused.message).toContain('mhlw-fy2024-v1');
  });

  it('still replays a year recorded under a free-form version, with the single-pass phases', () => {
    const { type: _type, now: _now, ...data } = { ...open, allocationRuleVersion: 'v1', openedAt: now.toISOString() };
    const event: FiscalYearOpened = { type: 'FiscalYearOpened', data };
    expect(stateOf([event])).toMatchObject({ status: 'opened', phase: 'open', allocationRuleVersion: 'v1' });
    expect(phasesOf('v1')).toEqual(SINGLE_PASS_PHASES);
    given([event]).when(advance('submissions_closed')).then((events) => expect(events).toHaveLength(1));
  });
});

describe('the phases of a settlement year (mhlw-fy2024-v1)', () => {
  it('goes scored → draft_published → requests_open (with its date) → requests_closed → finalized', () => {
    given(walkedTo('scored'))
      .when(advance('draft_published'))
      .then([{ type: 'FiscalYearPhaseAdvanced', data: { fiscalYear: 'FY2024', from: 'scored', to: 'draft_published', advancedAt: now.toISOString() } }]);
    given(walkedTo('draft_published'))
      .when(advance('requests_open', { requestsDueAt: '2024-08-15T17:00+09:00' }))
      .then([{ type: 'FiscalYearPhaseAdvanced', data: { fiscalYear: 'FY2024', from: 'draft_published', to: 'requests_open', advancedAt: now.toISOString(), requestsDueAt: requestsDueAt } }]);
    expect(stateOf(walkedTo('requests_open'))).toMatchObject({ phase: 'requests_open', requestsDueAt });
    given(walkedTo('requests_open'))
      .when(advance('requests_closed'))
      .then((events) => expect(events[0]).toMatchObject({ data: { from: 'requests_open', to: 'requests_closed' } }));
    given(walkedTo('requests_closed'))
      .when(advance('finalized'))
      .then((events) => expect(events[0]).toMatchObject({ data: { from: 'requests_closed', to: 'finalized' } }));
  });

  it('refuses allocated in a settlement year and draft_published in a single-pass one (409 FISCAL_YEAR.PHASE_ORDER, naming the phases)', () => {
    const refused = given(walkedTo('scored')).when(advance('allocated')).thenThrows('FISCAL_YEAR.PHASE_ORDER', 'conflict', 'to');
    expect(refused.details).toMatchObject({ phase: 'scored', next: 'draft_published', phases: SETTLEMENT_PHASES });
    const single = SINGLE_PASS_PHASES.slice(1, 4).reduce<FiscalYearStreamEvent[]>((events, to) => [...events, ...decide(advance(to), events)], [...openedUnder('municipal-score-x-insured-v1')]);
    given(single).when(advance('draft_published')).thenThrows('FISCAL_YEAR.PHASE_ORDER', 'conflict');
    given(single).when(advance('allocated')).then((events) => expect(events[0]).toMatchObject({ data: { from: 'scored', to: 'allocated' } }));
  });

  it('refuses to open the window without its date, with a past date or one without an offset; the date belongs to that step only', () => {
    given(walkedTo('draft_published')).when(advance('requests_open')).thenThrows('VALIDATION.INVALID_FIELD', 'invalid', 'requestsDueAt');
    given(walkedTo('draft_published')).when(advance('requests_open', { requestsDueAt: '2024-06-30T00:00:00Z' })).thenThrows('VALIDATION.INVALID_FIELD', 'invalid', 'requestsDueAt');
    const offset = given(walkedTo('draft_published')).when(advance('requests_open', { requestsDueAt: '2024-08-15T17:00' })).thenThrows('VALIDATION.INVALID_FIELD', 'invalid', 'requestsDueAt');
    expect(offset.message).toContain('+09:00');
    given(walkedTo('scored')).when(advance('draft_published', { requestsDueAt })).thenThrows('VALIDATION.INVALID_FIELD', 'invalid', 'requestsDueAt');
  });

  it('walks only forward along its own phases (property: any sequence of targets)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PHASES), { maxLength: 40 }), (targets) => {
        let events = openedUnder('mhlw-fy2024-v1');
        const visited: Phase[] = ['open'];
        for (const to of targets) {
          try {
            events = [...events, ...decide(advance(to, to === 'requests_open' ? { requestsDueAt } : {}), events)];
          } catch (error) {
            expect((error as DomainError).code).toBe('FISCAL_YEAR.PHASE_ORDER');
          }
          const state = stateOf(events);
          if (state.status === 'opened' && visited.at(-1) !== state.phase) visited.push(state.phase);
        }
        expect(visited).toEqual(SETTLEMENT_PHASES.slice(0, visited.length));
      }),
    );
  });
});

describe('the 所要見込額 window', () => {
  const inside = new Date('2024-08-01T00:00:00Z');
  it('is open only in requests_open and until its date', () => {
    expect(() => checkRequestsWindow({ phase: 'requests_open', requestsDueAt }, inside)).not.toThrow();
    expect(() => checkRequestsWindow({ phase: 'requests_open', requestsDueAt }, new Date(requestsDueAt))).not.toThrow();
  });

  it.each<[Phase, Date, string]>([
    ['scored', inside, 'REQUESTS.WINDOW_NOT_OPEN'],
    ['draft_published', inside, 'REQUESTS.WINDOW_NOT_OPEN'],
    ['requests_open', new Date(Date.parse(requestsDueAt) + 1), 'REQUESTS.WINDOW_CLOSED'],
    ['requests_closed', inside, 'REQUESTS.WINDOW_CLOSED'],
    ['finalized', inside, 'REQUESTS.WINDOW_CLOSED'],
  ])('refuses in %s at %s with 409 %s', (phase, at, code) => {
    expect(() => checkRequestsWindow({ phase, requestsDueAt }, at)).toThrow(expect.objectContaining({ code, kind: 'conflict', details: { phase, requestsDueAt } }));
  });
});

describe('the steps after finalization (交付申請 → 交付決定 → 実績報告 → 額の確定 → 返還)', () => {
  const later = new Date('2025-03-31T06:00:00.000Z');
  const step = (name: GrantStep, date: string, extra: Partial<RecordGrantStep> = {}): TimedFiscalYearCommand => ({
    type: 'RecordGrantStep',
    fiscalYear: 'FY2024',
    step: name,
    date,
    reason: `${name} の文書`,
    recordedBy: 'admin-1',
    refundsDue: false,
    ...extra,
    now: later,
  });
  const recorded = (name: GrantStep, date: string): GrantStepRecorded => ({
    type: 'GrantStepRecorded',
    data: { fiscalYear: 'FY2024', step: name, date, reason: `${name} の文書`, recordedBy: 'admin-1', recordedAt: later.toISOString() },
  });
  const finalized = () => walkedTo('finalized');
  const through = (...steps: [GrantStep, string][]) => [...finalized(), ...steps.map(([name, date]) => recorded(name, date))];

  it('records each step with its date and reason, in order, and the year shows them', () => {
    given(finalized()).when(step('application', '2024-12-02')).then([recorded('application', '2024-12-02')]);
    given(through(['application', '2024-12-02'])).when(step('decision', '2024-12-20')).then([recorded('decision', '2024-12-20')]);
    const all = through(['application', '2024-12-02'], ['decision', '2024-12-20'], ['performance_report', '2025-03-10'], ['amount_confirmation', '2025-03-28']);
    expect(stateOf(all)).toMatchObject({ grantSteps: [{ step: 'application' }, { step: 'decision' }, { step: 'performance_report' }, { step: 'amount_confirmation', date: '2025-03-28' }] });
  });

  it('records 返還 only where money is due back, after 額の確定', () => {
    const confirmed = through(['application', '2024-12-02'], ['decision', '2024-12-20'], ['performance_report', '2025-03-10'], ['amount_confirmation', '2025-03-28']);
    given(confirmed).when(step('refund', '2025-03-31')).thenThrows('GRANT_STEP.NO_REFUND_DUE', 'conflict', 'step');
    given(confirmed).when(step('refund', '2025-03-31', { refundsDue: true })).then([recorded('refund', '2025-03-31')]);
    given(through(['application', '2024-12-02'])).when(step('refund', '2025-03-31', { refundsDue: true })).thenThrows('GRANT_STEP.ORDER', 'conflict', 'step');
  });

  it('refuses a step out of order, before finalization, or in a single-pass year', () => {
    const refused = given(finalized()).when(step('decision', '2024-12-20')).thenThrows('GRANT_STEP.ORDER', 'conflict', 'step');
    expect(refused.details).toEqual({ next: 'application' });
    given(walkedTo('requests_closed')).when(step('application', '2024-12-02')).thenThrows('GRANT_STEP.NOT_FINALIZED', 'conflict');
    given(openedUnder('municipal-score-x-insured-v1')).when(step('application', '2024-12-02')).thenThrows('GRANT_STEP.NOT_IN_WORKFLOW', 'conflict', 'step');
  });

  it('treats the same step on the same date as a retry, and refuses it on another date', () => {
    given(through(['application', '2024-12-02'])).when(step('application', '2024-12-02')).thenNothingHappened();
    given(through(['application', '2024-12-02'])).when(step('application', '2024-12-03')).thenThrows('GRANT_STEP.ALREADY_RECORDED', 'conflict', 'step');
  });

  it('refuses a date that is not a calendar date, is after today in JST, or before the previous step, and an empty reason', () => {
    given(finalized()).when(step('application', '2024-02-30')).thenThrows('VALIDATION.INVALID_FIELD', 'invalid', 'date');
    // 2025-03-31T06:00Z is 15:00 on 31 March in Japan: 1 April is still tomorrow.
    given(finalized()).when(step('application', '2025-04-01')).thenThrows('VALIDATION.INVALID_FIELD', 'invalid', 'date');
    given(finalized()).when(step('application', '2025-03-31')).then((events) => expect(events).toHaveLength(1));
    given(through(['application', '2024-12-02'])).when(step('decision', '2024-12-01')).thenThrows('VALIDATION.INVALID_FIELD', 'invalid', 'date');
    given(finalized()).when(step('application', '2024-12-02', { reason: '  ' })).thenThrows('VALIDATION.INVALID_FIELD', 'invalid', 'reason');
  });
});
