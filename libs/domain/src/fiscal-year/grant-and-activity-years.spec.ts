import { grantAndActivityYears, previousFiscalYear, warekiFiscalYear } from './grant-and-activity-years';

describe('交付年度 and 評価対象年度', () => {
  it('names fiscal years in 和暦, 令和元年度 for FY2019', () => {
    expect(['FY2026', 'FY2024', 'FY2020', 'FY2019', 'FY2018', 'FY2010'].map(warekiFiscalYear)).toEqual(['令和8年度', '令和6年度', '令和2年度', '令和元年度', '平成30年度', '平成22年度']);
    expect(() => warekiFiscalYear('2024')).toThrow(RangeError);
  });

  it('takes the framework’s activity year, else the grant year − 1', () => {
    expect(previousFiscalYear('FY2020')).toBe('FY2019');
    expect(grantAndActivityYears('FY2026', 'FY2025')).toEqual({
      grantYear: { fiscalYear: 'FY2026', name: '令和8年度' },
      activityYear: { fiscalYear: 'FY2025', name: '令和7年度' },
    });
    expect(grantAndActivityYears('FY2024').activityYear).toEqual({ fiscalYear: 'FY2023', name: '令和5年度' });
    expect(grantAndActivityYears('FY2019').activityYear).toEqual({ fiscalYear: 'FY2018', name: '平成30年度' });
  });
});
