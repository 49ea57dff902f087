import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { DomainError } from '@grants/domain';
import { YearViews } from '../year-views.reader';
import { FiscalYearListEntry, ListFiscalYears } from './list-fiscal-years.query';

/**
 * The years are the rows of the `fiscal_year_view` read model; each is then read through YearViews, so a year whose
 * last event the projection has not applied yet (or a `?asOf=` in the past) is folded from its stream like
 * GET /fiscal-years/{fiscalYear} would, and a year opened after `?asOf=` is left out. A year opened a moment ago
 * appears once the projection has applied its opening.
 */
@QueryHandler(ListFiscalYears)
export class ListFiscalYearsHandler implements IQueryHandler<ListFiscalYears> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly views: YearViews,
  ) {}

  async execute(): Promise<FiscalYearListEntry[]> {
    const rows: { fiscalYear: string }[] = await this.dataSource.query('SELECT fiscal_year AS "fiscalYear" FROM fiscal_year_view ORDER BY fiscal_year COLLATE "C" DESC');
    const years: FiscalYearListEntry[] = [];
    for (const { fiscalYear } of rows) {
      try {
        const year = await this.views.openedYear(fiscalYear);
        years.push({
          fiscalYear,
          phase: year.phase,
          allocationRuleVersion: year.allocationRuleVersion,
          deadlines: year.deadlines,
          openedAt: year.openedAt,
          version: year.version.toString(),
        });
      } catch (error) {
        if (error instanceof DomainError && error.kind === 'not_found') continue;
        throw error;
      }
    }
    return years;
  }
}
