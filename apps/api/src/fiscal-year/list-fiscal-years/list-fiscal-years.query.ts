import { Query } from '@nestjs/cqrs';
import type { Deadlines, Phase } from '@grants/domain';

/** One opened fiscal year as the years list shows it (GET /fiscal-years/{fiscalYear} has the rest). */
export interface FiscalYearListEntry {
  readonly fiscalYear: string;
  readonly phase: Phase;
  readonly allocationRuleVersion: string;
  /** The deadlines in force (after any extension or early close). */
  readonly deadlines: Deadlines;
  readonly openedAt: string;
  /** The stream version: the If-Match of the year's next phase change. */
  readonly version: string;
}

/** 年度一覧: every opened fiscal year, newest first, with its phase and allocation rule version. */
export class ListFiscalYears extends Query<FiscalYearListEntry[]> {}
