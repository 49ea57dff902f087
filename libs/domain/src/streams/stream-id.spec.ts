import fc from 'fast-check';
import {
  buildStreamId,
  fiscalYearOfStream,
  fiscalYearStreamId,
  grantCalculationStreamId,
  nationalFiguresStreamId,
  parseStreamId,
  prefectureSubmissionStreamId,
  registerStreamId,
  StreamAddress,
  streamCategoryOf,
  submissionStreamId,
  YEAR_STREAM_CATEGORIES,
} from './stream-id';

const fiscalYear = fc.integer({ min: 2010, max: 2099 }).map((year) => `FY${year}`);
const digits = (length: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length }).map((d) => d.join(''));
const address: fc.Arbitrary<StreamAddress> = fc.oneof(
  fc.record({ category: fc.constantFrom(...YEAR_STREAM_CATEGORIES), fiscalYear }),
  fc.record({ category: fc.constant('submission' as const), fiscalYear, code: digits(6) }),
  fc.record({ category: fc.constant('prefecture_submission' as const), fiscalYear, code: digits(2) }),
);

describe('stream ids', () => {
  it('parses back every id it builds: parse(build(x)) = x', () => {
    fc.assert(
      fc.property(address, (x) => {
        const id = buildStreamId(x);
        expect(parseStreamId(id)).toEqual(x);
        expect(fiscalYearOfStream(id)).toBe(x.fiscalYear);
        expect(streamCategoryOf(id)).toBe(x.category);
      }),
    );
  });

  it('builds the ids recorded so far, by the names callers use', () => {
    expect(fiscalYearStreamId('FY2024')).toBe('fiscal_year-FY2024');
    expect(registerStreamId('FY2024')).toBe('register-FY2024');
    expect(nationalFiguresStreamId('FY2024')).toBe('national_figures-FY2024');
    expect(grantCalculationStreamId('FY2024')).toBe('grant_calculation-FY2024');
    expect(submissionStreamId('FY2024', '242055')).toBe('submission-FY2024-242055');
    expect(prefectureSubmissionStreamId('FY2024', '24')).toBe('prefecture_submission-FY2024-24');
  });

  it.each([
    'submission-FY2024',
    'submission-FY2024-24205',
    'submission-FY2024-242055-1',
    'prefecture_submission-FY2024-242055',
    'fiscal_year-FY2024-242055',
    'fiscal_year-FY24',
    'fiscal_year-FY2024x',
    'accounts-FY2024',
    'FY2024',
    '',
  ])('refuses %p as a stream of this service', (id) => expect(parseStreamId(id)).toBeUndefined());

  it('reads the fiscal year of any `<category>-<FYyyyy>[-…]` id, and of nothing else', () => {
    expect(fiscalYearOfStream('grant-FY2024-242055')).toBe('FY2024');
    expect(fiscalYearOfStream('accounts-FY2024x')).toBeUndefined();
    expect(fiscalYearOfStream('$stats-FY2024')).toBeUndefined();
  });
});
