import { Module } from '@nestjs/common';
import { FiscalYearModule } from '../fiscal-year/fiscal-year.module';
import { ApproveFinalizationController } from './approve-finalization/approve-finalization.controller';
import { ApproveFinalizationHandler } from './approve-finalization/approve-finalization.handler';
import { CalculationInputsLoader } from './calculation-inputs.loader';
import { CorrectScoreController } from './correct-score/correct-score.controller';
import { CorrectScoreHandler } from './correct-score/correct-score.handler';
import { ExplainAmountController } from './explain-amount/explain-amount.controller';
import { ExplainAmountHandler } from './explain-amount/explain-amount.handler';
import { GetCalculationReportController } from './get-calculation-report/get-calculation-report.controller';
import { GetCalculationReportHandler } from './get-calculation-report/get-calculation-report.handler';
import { GetLatestCalculationController } from './get-latest-calculation/get-latest-calculation.controller';
import { GetLatestCalculationHandler } from './get-latest-calculation/get-latest-calculation.handler';
import { RecalculateController } from './recalculate/recalculate.controller';
import { RecalculateHandler } from './recalculate/recalculate.handler';
import { RequestFinalizationController } from './request-finalization/request-finalization.controller';
import { RequestFinalizationHandler } from './request-finalization/request-finalization.handler';
import { RunTrialCalculationController } from './run-trial-calculation/run-trial-calculation.controller';
import { RunTrialCalculationHandler } from './run-trial-calculation/run-trial-calculation.handler';

/** Bounded context: 試算 of the four pools, 確定 by two people, score corrections and 再算定, and their reports; one folder per use case. */
@Module({
  imports: [FiscalYearModule],
  controllers: [
    RunTrialCalculationController,
    RequestFinalizationController,
    ApproveFinalizationController,
    CorrectScoreController,
    RecalculateController,
    GetCalculationReportController,
    ExplainAmountController,
    GetLatestCalculationController,
  ],
  providers: [
    CalculationInputsLoader,
    RunTrialCalculationHandler,
    RequestFinalizationHandler,
    ApproveFinalizationHandler,
    CorrectScoreHandler,
    RecalculateHandler,
    GetCalculationReportHandler,
    ExplainAmountHandler,
    GetLatestCalculationHandler,
  ],
})
export class GrantCalculationModule {}
