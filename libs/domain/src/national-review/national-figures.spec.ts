import { refusal } from '../testing/refusal';
import { FY2024_MUNICIPAL_FRAMEWORK } from '../framework/shipped-frameworks';
import { evolveNationalFigures, initialNationalFiguresState, numericIndicators, recordNationalFigures } from './national-figures';

const now = new Date('2024-09-01T00:00:00.000Z');
const registered = new Set(['242055', '130001']);
const record = (indicatorId: string, figures: { code: string; value: number | null }[], phase: 'open' | 'submissions_closed' = 'submissions_closed') =>
  recordNationalFigures({ fiscalYear: 'FY2024', indicatorId, figures }, phase, FY2024_MUNICIPAL_FRAMEWORK, registered, now);

describe('national figures', () => {
  it('records the figures of a numeric indicator sorted by code; a later recording replaces it', () => {
    const first = record('suishin-I-ii-1', [{ code: '242055', value: 0.4 }, { code: '130001', value: null }]);
    expect(first[0].data.figures.map((f) => f.code)).toEqual(['130001', '242055']);
    const second = record('suishin-I-ii-1', [{ code: '242055', value: 0.5 }]);
    const state = [...first, ...second].reduce(evolveNationalFigures, initialNationalFiguresState);
    expect(state.byIndicator['suishin-I-ii-1']).toEqual([{ code: '242055', value: 0.5 }]);
  });

  it('names numeric indicators only', () => expect(numericIndicators(FY2024_MUNICIPAL_FRAMEWORK).every((i) => i.answerType === 'numeric')).toBe(true));

  it('refuses a self-assessed indicator, unknown or duplicate insurers, non-finite values and the wrong phase', () => {
    expect(refusal(() => record('suishin-I-i-1', []))).toMatchObject({ field: 'indicatorId' });
    expect(refusal(() => record('suishin-I-ii-1', [{ code: '011002', value: 1 }]))).toMatchObject({ field: 'figures[0].code' });
    expect(refusal(() => record('suishin-I-ii-1', [{ code: '242055', value: 1 }, { code: '242055', value: 2 }]))).toMatchObject({ field: 'figures[1].code' });
    expect(refusal(() => record('suishin-I-ii-1', [{ code: '242055', value: Number.POSITIVE_INFINITY }]))).toMatchObject({ field: 'figures[0].value' });
    expect(refusal(() => record('suishin-I-ii-1', [], 'open'))).toMatchObject({ code: 'REVIEW.NOT_OPEN', kind: 'conflict' });
  });
});
