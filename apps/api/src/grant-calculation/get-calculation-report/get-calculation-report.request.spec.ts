import { DomainError } from '@grants/domain';
import { ReportEncodingPipe, ReportFormatPipe } from './get-calculation-report.request';

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

  it.each([
    ['format', () => new ReportFormatPipe().transform('pdf')],
    ['encoding', () => new ReportEncodingPipe().transform('euc-jp')],
  ])('answers any other %s with 400 VALIDATION.INVALID_QUERY naming it', (field, run) => {
    const error = refusal(run);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'invalid', code: 'VALIDATION.INVALID_QUERY', field });
  });
});
