import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { GRANT_STEP_TITLES, nextPhaseOf, phasesOf } from '@grants/domain';
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
      phases: phasesOf(year.allocationRuleVersion),
      nextPhase: nextPhaseOf(year.allocationRuleVersion, year.phase) ?? null,
      requestsDueAt: year.requestsDueAt ?? null,
      grantSteps: (year.grantSteps ?? []).map((step) => ({ ...step, title: GRANT_STEP_TITLES[step.step] })),
      version: year.version.toString(),
    };
  }
}
