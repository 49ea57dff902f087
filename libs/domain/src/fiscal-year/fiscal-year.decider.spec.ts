import fc from 'fast-check';
import { DomainError } from '../domain-error';
import { FY2021_PREFECTURAL_FRAMEWORK, FY2024_MUNICIPAL_FRAMEWORK, MUNICIPAL_FY2024_FRAMEWORK, PREFECTURAL_FY2025_FRAMEWORK } from '../framework/shipped-frameworks';
import type { ScoresCalculated } from '../scoring/scores-calculated';
import { deciderSpecification } from '../testing/decider-specification';
import { evolveFiscalYear, FiscalYearStreamEvent, initialFiscalYearState, Phase } from './fiscal-year';
import { SINGLE_PASS_PHASES } from './workflow';
import { AdvancePhase, ChangeDeadline, fiscalYearDecider, OpenFiscalYear, requirePhase, TimedFiscalYearCommand } from './fiscal-year.decider';

const now = new Date('2024-04-01T00:00:00.000Z');
const open: OpenFiscalYear & { now: Date } = {
  type: 'OpenFiscalYear',
  fiscalYear: 'FY2024',
  pools: { suishinMunicipalYen: '19000000000', suishinPrefecturalYen: '1000000000', shienMunicipalYen: '19000000000', shienPrefecturalYen: '1000000000' },
  municipalFramework: FY2024_MUNICIPAL_FRAMEWORK,
  prefecturalFramework: FY2021_PREFECTURAL_FRAMEWORK,
  frameworkHashes: { municipal: 'a'.repeat(64), prefectural: 'b'.repeat(64) },
  deadlines: { submissionsDueAt: '2024-07-31T08:00:00.000Z', prefectureSubmissionsDueAt: '2024-08-31T08:00:00.000Z', reviewDueAt: '2024-10-31T08:00:00.000Z' },
  allocationRuleVersion: 'municipal-score-x-insured-v1',
  unitYen: '1000',
  now,
};
const advance = (to: Phase, missing: AdvancePhase['readiness']['missing'] = [], scores?: ScoresCalculated): AdvancePhase & { now: Date } => ({
  type: 'AdvancePhase',
  fiscalYear: 'FY2024',
  to,
  readiness: { missing },
  ...(scores && { scores }),
  now,
});

const { given } = deciderSpecification(fiscalYearDecider);
const decide = (command: TimedFiscalYearCommand, history: readonly FiscalYearStreamEvent[]) =>
  fiscalYearDecider.decide(command, history.reduce(fiscalYearDecider.evolve, fiscalYearDecider.initialState));
const opened = () => decide(open, []);
const PHASES: readonly Phase[] = SINGLE_PASS_PHASES;
/** The year walked forward from 'open' to the given phase. */
const walkedTo = (phase: Phase): FiscalYearStreamEvent[] =>
  PHASES.slice(1, PHASES.indexOf(phase) + 1).reduce<FiscalYearStreamEvent[]>((history, to) => [...history, ...decide(advance(to), history)], [...opened()]);

const scores: ScoresCalculated = {
  type: 'ScoresCalculated',
  data: { fiscalYear: 'FY2024', inputsSha256: 'c'.repeat(64), insurers: [], nationalGroups: [], prefectures: [], prefecturalGroups: [], calculatedAt: now.toISOString() },
};

describe('opening a fiscal year', () => {
  it('records the pools, both frameworks, deadlines and the rule version in one event', () => {
    given([]).when(open).then((events) => {
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'FiscalYearOpened', data: { fiscalYear: 'FY2024', unitYen: '1000', openedAt: now.toISOString() } });
    });
  });

  it('opens with the published v2 frameworks, whose national-figure keys are apart', () => {
    given([]).when({ ...open, municipalFramework: MUNICIPAL_FY2024_FRAMEWORK, prefecturalFramework: PREFECTURAL_FY2025_FRAMEWORK }).then((events) => {
      expect(events).toHaveLength(1);
    });
  });

  it('refuses frameworks sharing a national-figure key: one list cannot hold both levels', () => {
    const { grants, ...rest } = FY2021_PREFECTURAL_FRAMEWORK;
    const [first, ...others] = grants;
    const [goal, ...goals] = first.goals;
    const [group, ...groups] = goal.groups;
    const numeric = FY2024_MUNICIPAL_FRAMEWORK.grants[0].goals[0].groups[1].indicators[0];
    const clashing = { ...rest, grants: [{ ...first, goals: [{ ...goal, groups: [{ ...group, indicators: [...group.indicators, numeric] }, ...groups] }, ...goals] }, ...others] };
    expect(() => decide({ ...open, prefecturalFramework: clashing }, [])).toThrow(expect.objectContaining({ code: 'VALIDATION.INVALID_FIELD', field: 'prefecturalFramework' }));
    expect(() => decide({ ...open, prefecturalFramework: clashing }, [])).toThrow(numeric.id);
  });

  it('refuses to open the same year twice', () => {
    given(opened()).when(open).thenThrows('FISCAL_YEAR.ALREADY_OPEN', 'conflict');
  });

  it.each<[string, Partial<OpenFiscalYear>, string]>([
    ['a negative pool', { pools: { ...open.pools, shienMunicipalYen: '-1' } }, 'pools.shienMunicipalYen'],
    ['a fractional pool', { pools: { ...open.pools, suishinMunicipalYen: '100.5' } }, 'pools.suishinMunicipalYen'],
    ['a pool of 10 兆円', { pools: { ...open.pools, suishinPrefecturalYen: '10000000000000' } }, 'pools.suishinPrefecturalYen'],
    ['a zero unit', { unitYen: '0' }, 'unitYen'],
    ['a label that is not FY####', { fiscalYear: '2024' }, 'fiscalYear'],
    ['deadlines out of order', { deadlines: { ...open.deadlines, reviewDueAt: '2024-06-01T00:00:00.000Z' } }, 'deadlines'],
    ['a deadline in the past', { deadlines: { ...open.deadlines, submissionsDueAt: '2024-03-01T00:00:00.000Z' } }, 'deadlines.submissionsDueAt'],
    ['a deadline without a UTC offset (read in no zone at all)', { deadlines: { ...open.deadlines, reviewDueAt: '2024-10-31T17:00:00' } }, 'deadlines.reviewDueAt'],
    ['a prefectural framework as the municipal one', { municipalFramework: FY2021_PREFECTURAL_FRAMEWORK }, 'municipalFramework'],
  ])('rejects %s, naming the field', (_label, change, field) => {
    given([]).when({ ...open, ...change }).thenThrows('VALIDATION.INVALID_FIELD', 'invalid', field);
  });
});

describe('advancing the phase', () => {
  it('moves one step forward', () => {
    given(opened())
      .when(advance('submissions_closed'))
      .then([{ type: 'FiscalYearPhaseAdvanced', data: { fiscalYear: 'FY2024', from: 'open', to: 'submissions_closed', advancedAt: now.toISOString() } }]);
  });

  it('treats repeating the step just taken as a retry', () => {
    given(walkedTo('submissions_closed')).when(advance('submissions_closed')).thenNothingHappened();
  });

  it('refuses skipping a phase or going back', () => {
    given(opened()).when(advance('scored')).thenThrows('FISCAL_YEAR.PHASE_ORDER', 'conflict');
  });

  it('refuses to move while something is missing, listing it', () => {
    given(opened())
      .when(advance('submissions_closed', [{ code: 'SUBMISSION.MISSING', message: '242055 未提出' }]))
      .thenThrows('FISCAL_YEAR.NOT_READY', 'conflict');
  });

  it('answers 404 for a year never opened', () => {
    given([]).when(advance('submissions_closed')).thenThrows('FISCAL_YEAR.NOT_FOUND', 'not_found');
  });

  it('walks every phase in order and stops at finalized (property: any command sequence keeps the order)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PHASES), { maxLength: 30 }), (targets) => {
        let state = evolveFiscalYear(initialFiscalYearState, opened()[0]);
        const visited: Phase[] = ['open'];
        for (const to of targets) {
          try {
            for (const event of fiscalYearDecider.decide(advance(to), state)) state = evolveFiscalYear(state, event);
          } catch (error) {
            expect((error as DomainError).code).toBe('FISCAL_YEAR.PHASE_ORDER');
          }
          if (state.status === 'opened' && visited[visited.length - 1] !== state.phase) visited.push(state.phase);
        }
        expect(visited).toEqual(PHASES.slice(0, visited.length));
      }),
    );
  });
});

describe('moving to scored', () => {
  it('records the scores just before the step', () => {
    given(walkedTo('review_completed'))
      .when(advance('scored', [], scores))
      .then([scores, { type: 'FiscalYearPhaseAdvanced', data: { fiscalYear: 'FY2024', from: 'review_completed', to: 'scored', advancedAt: now.toISOString() } }]);
  });

  it('records no scores a second time when the step is retried', () => {
    given(walkedTo('scored')).when(advance('scored', [], scores)).thenNothingHappened();
  });

  it('records no scores when the step is refused', () => {
    given(walkedTo('review_completed'))
      .when(advance('scored', [{ code: 'REGISTER.EMPTY', message: '保険者が登録されていません。' }], scores))
      .thenThrows('FISCAL_YEAR.NOT_READY', 'conflict');
  });

  it('keeps scores only for the step to scored', () => {
    given(opened())
      .when(advance('submissions_closed', [], scores))
      .then([{ type: 'FiscalYearPhaseAdvanced', data: { fiscalYear: 'FY2024', from: 'open', to: 'submissions_closed', advancedAt: now.toISOString() } }]);
  });
});

describe('requirePhase', () => {
  it('passes in an allowed phase and refuses with the caller’s code otherwise', () => {
    const state = evolveFiscalYear(initialFiscalYearState, opened()[0]);
    expect(() => requirePhase(state, 'FY2024', ['open'], 'SUBMISSION.CLOSED')).not.toThrow();
    expect(() => requirePhase(state, 'FY2024', ['submissions_closed'], 'REVIEW.NOT_OPEN')).toThrow(expect.objectContaining({ code: 'REVIEW.NOT_OPEN', kind: 'conflict' }));
  });
});

describe('changing a deadline (延長・繰上げ)', () => {
  const change = (deadline: ChangeDeadline['deadline'], dueAt: string, reason = '災害のため延長'): ChangeDeadline & { now: Date } => ({ type: 'ChangeDeadline', fiscalYear: 'FY2024', deadline, dueAt, reason, now });

  it('extends a deadline with its reason, and the state follows it with its history', () => {
    const [event] = given(opened()).when(change('submissionsDueAt', '2024-08-14T17:00+09:00')).then([
      {
        type: 'DeadlineChanged',
        data: {
          fiscalYear: 'FY2024',
          deadline: 'submissionsDueAt',
          from: '2024-07-31T08:00:00.000Z',
          to: '2024-08-14T08:00:00.000Z',
          kind: 'extended',
          reason: '災害のため延長',
          changedAt: now.toISOString(),
        },
      },
    ]);
    const state = [...opened(), event].reduce(evolveFiscalYear, initialFiscalYearState);
    expect(state).toMatchObject({
      deadlines: { submissionsDueAt: '2024-08-14T08:00:00.000Z', prefectureSubmissionsDueAt: '2024-08-31T08:00:00.000Z' },
      deadlineChanges: [{ deadline: 'submissionsDueAt', from: '2024-07-31T08:00:00.000Z', to: '2024-08-14T08:00:00.000Z', kind: 'extended', reason: '災害のため延長' }],
    });
  });

  it('closes a deadline early, to a time not in the past', () => {
    given(opened())
      .when(change('reviewDueAt', '2024-09-30T08:00:00Z', '審査日程の前倒し'))
      .then((events) => expect(events[0]).toMatchObject({ type: 'DeadlineChanged', data: { deadline: 'reviewDueAt', kind: 'closed_early', reason: '審査日程の前倒し' } }));
    given(opened()).when(change('submissionsDueAt', '2024-03-31T00:00:00Z')).thenThrows('VALIDATION.INVALID_FIELD', 'invalid', 'dueAt');
  });

  it('keeps the order submissions ≤ prefecture submissions ≤ review (409 DEADLINE.ORDER)', () => {
    given(opened()).when(change('submissionsDueAt', '2024-09-01T00:00:00Z')).thenThrows('DEADLINE.ORDER', 'conflict');
    given(opened()).when(change('reviewDueAt', '2024-08-01T00:00:00Z')).thenThrows('DEADLINE.ORDER', 'conflict');
  });

  it('refuses a time without a UTC offset, saying to add one, and a change without a reason', () => {
    const refused = given(opened()).when(change('submissionsDueAt', '2024-08-14T17:00')).thenThrows('VALIDATION.INVALID_FIELD', 'invalid', 'dueAt');
    expect(refused.message).toContain('+09:00');
    given(opened()).when(change('submissionsDueAt', '2024-08-14T17:00Z', '  ')).thenThrows('VALIDATION.INVALID_FIELD', 'invalid', 'reason');
  });

  it('treats the same time again as a retry', () => {
    given(opened()).when(change('submissionsDueAt', '2024-07-31T17:00+09:00')).thenNothingHappened();
  });

  it("refuses to move a deadline whose step is taken: the insurers' once submissions are closed", () => {
    given(walkedTo('submissions_closed')).when(change('submissionsDueAt', '2024-08-14T08:00:00Z')).thenThrows('DEADLINE.PHASE_OVER', 'conflict', 'deadline');
    given(walkedTo('submissions_closed'))
      .when(change('prefectureSubmissionsDueAt', '2024-09-14T08:00:00Z'))
      .then((events) => expect(events.map((e) => e.type)).toEqual(['DeadlineChanged']));
  });

  it('refuses a year never opened with 404', () => {
    given([]).when(change('submissionsDueAt', '2024-08-14T08:00:00Z')).thenThrows('FISCAL_YEAR.NOT_FOUND', 'not_found');
  });
});
