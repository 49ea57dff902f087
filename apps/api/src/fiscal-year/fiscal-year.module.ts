import { Module } from '@nestjs/common';
import { ScoringService } from '../scoring/scoring.service';
import { AdvancePhaseController } from './advance-phase/advance-phase.controller';
import { AdvancePhaseHandler } from './advance-phase/advance-phase.handler';
import { ChangeDeadlineController } from './change-deadline/change-deadline.controller';
import { ChangeDeadlineHandler } from './change-deadline/change-deadline.handler';
import { FiscalYearReader } from './fiscal-year.reader';
import { GetFiscalYearController } from './get-fiscal-year/get-fiscal-year.controller';
import { GetFiscalYearHandler } from './get-fiscal-year/get-fiscal-year.handler';
import { GetFrameworkController } from './get-framework/get-framework.controller';
import { GetFrameworkHandler } from './get-framework/get-framework.handler';
import { GetReadinessController } from './get-readiness/get-readiness.controller';
import { GetReadinessHandler } from './get-readiness/get-readiness.handler';
import { ListFiscalYearsController } from './list-fiscal-years/list-fiscal-years.controller';
import { ListFiscalYearsHandler } from './list-fiscal-years/list-fiscal-years.handler';
import { ListFrameworksController } from './list-frameworks/list-frameworks.controller';
import { ListFrameworksHandler } from './list-frameworks/list-frameworks.handler';
import { OpenFiscalYearController } from './open-fiscal-year/open-fiscal-year.controller';
import { OpenFiscalYearHandler } from './open-fiscal-year/open-fiscal-year.handler';
import { ReadinessService } from './readiness.service';
import { RecordGrantStepController } from './record-grant-step/record-grant-step.controller';
import { RecordGrantStepHandler } from './record-grant-step/record-grant-step.handler';
import { YearViews } from './year-views.reader';

/**
 * Bounded context: opening a fiscal year, moving its deadlines, moving it through its phases and recording the steps after finalization (scoring runs on the way to 'scored'), one
 * folder per use case. FiscalYearReader (command side) and YearViews (query side: the year's read models) serve the other contexts too.
 */
@Module({
  controllers: [OpenFiscalYearController, AdvancePhaseController, ChangeDeadlineController, ListFiscalYearsController, GetFiscalYearController, GetReadinessController, GetFrameworkController, ListFrameworksController, RecordGrantStepController],
  providers: [
    ReadinessService,
    FiscalYearReader,
    YearViews,
    ScoringService,
    OpenFiscalYearHandler,
    AdvancePhaseHandler,
    ChangeDeadlineHandler,
    RecordGrantStepHandler,
    ListFiscalYearsHandler,
    GetFiscalYearHandler,
    GetReadinessHandler,
    GetFrameworkHandler,
    ListFrameworksHandler,
  ],
  exports: [ReadinessService, FiscalYearReader, YearViews, ScoringService],
})
export class FiscalYearModule {}
