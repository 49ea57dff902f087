import fc from 'fast-check';
import { recipientTimeline } from '@grants/domain';
import { RecordedEvent } from '@grants/event-store';
import { auditIndexRows, EVERY_RECIPIENT, foldedByTimeline, recipientsTouched } from './audit-index.projection';

let position = 0;
function event(streamId: string, type: string, data: object, metadata: Partial<RecordedEvent['metadata']> = {}): RecordedEvent {
  position += 1;
  return {
    eventId: `e${position}`,
    position: BigInt(position),
    streamId,
    streamVersion: 0n,
    type,
    schemaVersion: 1,
    data: data as RecordedEvent['data'],
    metadata: { actorId: 'a', actorRole: 'national-admin', organisationCode: 'MHLW', commandId: `c${position}`, ...metadata },
    recordedAt: new Date(Date.UTC(2024, 5, 1, 0, 0, position)),
  };
}

const insurer = (code: string, persons: number) => ({ code, name: code, prefectureCode: code.slice(0, 2), category1InsuredPersons: persons });
const pools = (amounts: Record<string, string>) => [
  { pool: 'suishin-municipal', recipients: Object.entries(amounts).map(([code, amountYen]) => ({ code, amountYen })) },
];

describe('audit index projection (pure)', () => {
  it('names the recipients each event touches, and every recipient for the year’s own events and calculations', () => {
    position = 0;
    expect(recipientsTouched(event('submission-FY2024-242055', 'AnswersSaved', {}))).toEqual(['242055']);
    expect(recipientsTouched(event('prefecture_submission-FY2024-24', 'PrefectureAnswersSaved', {}))).toEqual(['24']);
    expect(recipientsTouched(event('register-FY2024', 'InsurersRegistered', { insurers: [insurer('242055', 1), insurer('011002', 2)] }))).toEqual(['242055', '011002']);
    expect(recipientsTouched(event('national_figures-FY2024', 'NationalFiguresRecorded', { indicatorId: 'x', figures: [{ code: '242055', value: 1 }] }))).toEqual(['242055']);
    expect(recipientsTouched(event('grant_calculation-FY2024', 'ScoreCorrected', { level: 'municipal', code: '242055', grant: 'suishin', score: 0 }))).toEqual(['242055']);
    expect(recipientsTouched(event('grant_calculation-FY2024', 'GrantTrialCalculated', { trialNumber: 1, pools: [] }))).toEqual([EVERY_RECIPIENT]);
    expect(recipientsTouched(event('fiscal_year-FY2024', 'PhaseAdvanced', {}))).toEqual([EVERY_RECIPIENT]);
    expect(recipientsTouched(event('framework-shipped', 'Whatever', {}))).toEqual([]);
    expect(auditIndexRows(event('submission-FY2024-242055', 'SubmissionSubmitted', {}, { actorId: 'u1' }))).toEqual([
      { fiscal_year: 'FY2024', recipient_code: '242055', position: String(position), stream_id: 'submission-FY2024-242055', event_type: 'SubmissionSubmitted', recorded_at: new Date(Date.UTC(2024, 5, 1, 0, 0, position)).toISOString(), actor_id: 'u1' },
    ]);
  });

  it('gives a timeline from the indexed events alone equal to the one folded from the whole year', () => {
    const codes = ['242055', '011002', '130001'] as const;
    const step = fc.oneof(
      fc.record({ kind: fc.constant('save' as const), code: fc.constantFrom(...codes), answer: fc.integer({ min: 0, max: 3 }) }),
      fc.record({ kind: fc.constant('register' as const), code: fc.constantFrom(...codes), persons: fc.integer({ min: 0, max: 9 }) }),
      fc.record({ kind: fc.constant('correct' as const), code: fc.constantFrom(...codes), score: fc.integer({ min: 0, max: 9 }) }),
      fc.record({ kind: fc.constant('trial' as const), amounts: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 3, maxLength: 3 }) }),
      fc.record({ kind: fc.constant('figures' as const), value: fc.integer({ min: 0, max: 9 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), fc.constantFrom(...codes), (steps, code) => {
        position = 0;
        let trials = 0;
        const log: RecordedEvent[] = [event('fiscal_year-FY2024', 'FiscalYearOpened', {})];
        for (const s of steps) {
          if (s.kind === 'save') log.push(event(`submission-FY2024-${s.code}`, 'AnswersSaved', { answers: { '1-1-1': { value: s.answer } } }));
          if (s.kind === 'register') log.push(event('register-FY2024', 'InsurersRegistered', { insurers: [insurer(s.code, s.persons)] }));
          if (s.kind === 'correct') log.push(event('grant_calculation-FY2024', 'ScoreCorrected', { level: 'municipal', code: s.code, grant: 'suishin', score: s.score }));
          if (s.kind === 'trial') {
            trials += 1;
            log.push(event('grant_calculation-FY2024', 'GrantTrialCalculated', { trialNumber: trials, pools: pools(Object.fromEntries(codes.map((c, i) => [c, String(s.amounts[i])]))) }));
          }
          if (s.kind === 'figures') log.push(event('national_figures-FY2024', 'NationalFiguresRecorded', { indicatorId: 'x', figures: codes.map((c) => ({ code: c, value: s.value })) }));
        }
        const indexed = log.filter((e) => foldedByTimeline(e.streamId) && auditIndexRows(e).some((row) => row.recipient_code === code || row.recipient_code === EVERY_RECIPIENT));
        expect(recipientTimeline('FY2024', code, indexed)).toEqual(recipientTimeline('FY2024', code, log));
      }),
      { numRuns: 200 },
    );
  });
});
