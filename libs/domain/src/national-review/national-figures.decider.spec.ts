import { FY2021_PREFECTURAL_FRAMEWORK, FY2024_MUNICIPAL_FRAMEWORK } from '../framework/shipped-frameworks';
import { PREFECTURES } from '../recipients/prefectures';
import { NationalFigure } from '../scoring/percentile-bands';
import { deciderSpecification } from '../testing/decider-specification';
import { NationalFiguresRecorded } from './national-figures';
import { nationalFiguresDecider, RecordNationalFiguresCommand } from './national-figures.decider';

const { given } = deciderSpecification(nationalFiguresDecider);

const now = new Date('2024-09-01T00:00:00.000Z');
const insurers = new Set(['242055', '130001']);
const record = (indicatorId: string, figures: NationalFigure[], change: Partial<RecordNationalFiguresCommand> = {}): RecordNationalFiguresCommand => ({
  type: 'RecordNationalFigures',
  fiscalYear: 'FY2024',
  indicatorId,
  figures,
  phase: 'submissions_closed',
  framework: FY2024_MUNICIPAL_FRAMEWORK,
  registered: insurers,
  now,
  ...change,
});
const recorded = (indicatorId: string, figures: NationalFigure[], at = now): NationalFiguresRecorded => ({
  type: 'NationalFiguresRecorded',
  data: { fiscalYear: 'FY2024', indicatorId, figures, recordedAt: at.toISOString() },
});

describe('recording the national figures of an indicator (国による数値評価)', () => {
  it('records the figures of every insurer, sorted by code', () => {
    given([])
      .when(record('suishin-I-ii-1', [{ code: '242055', value: 0.4 }, { code: '130001', value: null }]))
      .then([recorded('suishin-I-ii-1', [{ code: '130001', value: null }, { code: '242055', value: 0.4 }])]);
  });

  it('records a prefectural indicator for the 47 prefectures', () => {
    given([])
      .when(record('pref-suishin-II-4-2', [{ code: '24', value: 3 }], { framework: FY2021_PREFECTURAL_FRAMEWORK, registered: new Set(PREFECTURES.map((p) => p.code)) }))
      .then([recorded('pref-suishin-II-4-2', [{ code: '24', value: 3 }])]);
  });

  it('replaces earlier figures of the indicator, and keeps those of the others', () => {
    const later = new Date('2024-09-02T00:00:00.000Z');
    const history = [recorded('suishin-I-ii-1', [{ code: '242055', value: 0.4 }]), recorded('suishin-I-ii-2', [{ code: '130001', value: 7 }])];
    given(history)
      .when(record('suishin-I-ii-1', [{ code: '242055', value: 0.5 }], { now: later }))
      .then((events) => {
        expect(events).toEqual([recorded('suishin-I-ii-1', [{ code: '242055', value: 0.5 }], later)]);
        const state = [...history, ...events].reduce(nationalFiguresDecider.evolve, nationalFiguresDecider.initialState);
        expect(state.byIndicator).toEqual({ 'suishin-I-ii-1': [{ code: '242055', value: 0.5 }], 'suishin-I-ii-2': [{ code: '130001', value: 7 }] });
      });
  });

  // Recording replaces and never compares with what was recorded before: the same figures sent again as a new command
  // are recorded again. A retried request is caught before the decider, by its idempotency key.
  it('records the same figures again as a new confirmation', () => {
    given([recorded('suishin-I-ii-1', [{ code: '242055', value: 0.4 }])])
      .when(record('suishin-I-ii-1', [{ code: '242055', value: 0.4 }]))
      .then([recorded('suishin-I-ii-1', [{ code: '242055', value: 0.4 }])]);
  });

  it('refuses while submissions are open', () => { given([]).when(record('suishin-I-ii-1', [], { phase: 'open' })).thenThrows('REVIEW.NOT_OPEN', 'conflict'); });

  it('refuses after the review is completed', () => { given([]).when(record('suishin-I-ii-1', [], { phase: 'review_completed' })).thenThrows('REVIEW.NOT_OPEN', 'conflict'); });

  it('refuses a self-assessed indicator', () => { given([]).when(record('suishin-I-i-1', [])).thenThrows('VALIDATION.INVALID_FIELD', 'invalid', 'indicatorId'); });

  it('refuses a prefectural indicator against the municipal framework', () => {
    given([]).when(record('pref-suishin-II-4-2', [])).thenThrows('VALIDATION.INVALID_FIELD', 'invalid', 'indicatorId');
  });

  it('refuses an insurer that is not registered, naming its row', () => {
    given([]).when(record('suishin-I-ii-1', [{ code: '011002', value: 1 }])).thenThrows('VALIDATION.INVALID_FIELD', 'invalid', 'figures[0].code');
  });

  it('refuses an insurer named twice', () => {
    given([])
      .when(record('suishin-I-ii-1', [{ code: '242055', value: 1 }, { code: '242055', value: 2 }]))
      .thenThrows('VALIDATION.INVALID_FIELD', 'invalid', 'figures[1].code');
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY])('refuses %s as a figure', (value) => {
    given([]).when(record('suishin-I-ii-1', [{ code: '242055', value }])).thenThrows('VALIDATION.INVALID_FIELD', 'invalid', 'figures[0].value');
  });
});
