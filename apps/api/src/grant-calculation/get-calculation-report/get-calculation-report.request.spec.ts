import { DomainError } from '@grants/domain';
import { CalculationRefPipe, ReportEncodingPipe, ReportFormatPipe } from './get-calculation-report.request';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
};

describe('the report’s query parameters', () => {
  it('defaults to CSV in UTF-8 and takes XLSX or Shift_JIS when asked', () => {
    expect(new ReportFormatPipe().transform(undefined)).toBe('csv');
    expect(new ReportFormatPipe().transform('xlsx')).toBe('xlsx');
    expect(new ReportEncodingPipe().transform(undefined)).toBe('utf-8');
    expect(new ReportEncodingPipe().transform('shift_jis')).toBe('shift_jis');
  });

  it('takes a calculation by its name, or none for the one in force', () => {
    expect(new CalculationRefPipe().transform(undefined)).toBeUndefined();
    expect(['final', 'trial:2', 'recalculation:1'].map((ref) => new CalculationRefPipe().transform(ref))).toEqual(['final', 'trial:2', 'recalculation:1']);
  });

  it.each([
    ['format', () => new ReportFormatPipe().transform('pdf')],
    ['encoding', () => new ReportEncodingPipe().transform('euc-jp')],
    ['calculation', () => new CalculationRefPipe().transform('recalculation:0')],
    ['calculation', () => new CalculationRefPipe().transform('latest')],
  ])('answers any other %s with 400 VALIDATION.INVALID_QUERY naming it', (field, run) => {
    const error = refusal(run);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'invalid', code: 'VALIDATION.INVALID_QUERY', field });
  });
});
