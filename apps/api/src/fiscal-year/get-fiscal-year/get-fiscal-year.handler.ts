import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { YearViews } from '../year-views.reader';
import { FiscalYearView, GetFiscalYear } from './get-fiscal-year.query';

@QueryHandler(GetFiscalYear)
export class GetFiscalYearHandler implements IQueryHandler<GetFiscalYear> {
  constructor(private readonly views: YearViews) {}

  async execute({ fiscalYear }: GetFiscalYear): Promise<FiscalYearView> {
    const year = await this.views.openedYear(fiscalYear);
    return {
      fiscalYear,
      phase: year.phase,
      pools: year.pools,
      deadlines: year.deadlines,
      deadlineChanges: year.deadlineChanges,
      allocationRuleVersion: year.allocationRuleVersion,
      unitYen: year.unitYen,
      frameworkHashes: year.frameworkHashes,
      openedAt: year.openedAt,
      version: year.version.toString(),
    };
  }
}
