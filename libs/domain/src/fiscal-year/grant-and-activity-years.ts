import { fiscalYearNumber, FiscalYearLabel } from './fiscal-year';

/** A fiscal year as published: its label and its 和暦 name (令和6年度). */
export interface NamedFiscalYear {
  readonly fiscalYear: FiscalYearLabel;
  readonly name: string;
}

/** 交付年度 (the grant year) and 評価対象年度 (the year of activities it evaluates, N−1). */
export interface GrantAndActivityYears {
  readonly grantYear: NamedFiscalYear;
  readonly activityYear: NamedFiscalYear;
}

/**
 * The 和暦 name of a fiscal year (April to March, named by the era of its start): 'FY2024' → 令和6年度,
 * 'FY2019' → 令和元年度, 'FY2018' → 平成30年度.
 */
export function warekiFiscalYear(fiscalYear: FiscalYearLabel): string {
  const year = fiscalYearNumber(fiscalYear) ?? Number(/^FY(\d{4})$/.exec(fiscalYear)?.[1]);
  if (!Number.isInteger(year)) throw new RangeError(`warekiFiscalYear: not a fiscal-year label: ${fiscalYear}`);
  const [era, first] = year >= 2019 ? ['令和', 2018] : ['平成', 1988];
  const number = year - first;
  return `${era}${number === 1 ? '元' : number}年度`;
}

/** The label of the year before: 'FY2024' → 'FY2023'. */
export function previousFiscalYear(fiscalYear: FiscalYearLabel): FiscalYearLabel {
  const year = Number(/^FY(\d{4})$/.exec(fiscalYear)?.[1]);
  if (!Number.isInteger(year)) throw new RangeError(`previousFiscalYear: not a fiscal-year label: ${fiscalYear}`);
  return `FY${year - 1}`;
}

/** The grant year and its activity year: the framework's `activityYear` where it has one, else the grant year − 1. */
export function grantAndActivityYears(fiscalYear: FiscalYearLabel, activityYear?: FiscalYearLabel): GrantAndActivityYears {
  const activity = activityYear ?? previousFiscalYear(fiscalYear);
  return {
    grantYear: { fiscalYear, name: warekiFiscalYear(fiscalYear) },
    activityYear: { fiscalYear: activity, name: warekiFiscalYear(activity) },
  };
}
