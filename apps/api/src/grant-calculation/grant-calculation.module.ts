import { Module } from '@nestjs/common';
import { FiscalYearModule } from '../fiscal-year/fiscal-year.module';
import { ApproveFinalizationController } from './approve-finalization/approve-finalization.controller';
import { ApproveFinalizationHandler } from './approve-finalization/approve-finalization.handler';
import { ApproveCorrectionController } from './approve-correction/approve-correction.controller';
import { ApproveCorrectionHandler } from './approve-correction/approve-correction.handler';
import { CalculationInputsLoader } from './calculation-inputs.loader';
import { ExplainAmountController } from './explain-amount/explain-amount.controller';
import { ExplainAmountHandler } from './explain-amount/explain-amount.handler';
import { GetCalculationReportController } from './get-calculation-report/get-calculation-report.controller';
import { GetCalculationReportHandler } from './get-calculation-report/get-calculation-report.handler';
import { GetDraftController } from './get-draft/get-draft.controller';
import { GetDraftHandler } from './get-draft/get-draft.handler';
import { ListRequestsController } from './list-requests/list-requests.controller';
import { ListRequestsHandler } from './list-requests/list-requests.handler';
import { PublishDraftController } from './publish-draft/publish-draft.controller';
import { PublishDraftHandler } from './publish-draft/publish-draft.handler';
import { GetLatestCalculationController } from './get-latest-calculation/get-latest-calculation.controller';
import { GetLatestCalculationHandler } from './get-latest-calculation/get-latest-calculation.handler';
import { GetPendingApprovalsController } from './get-pending-approvals/get-pending-approvals.controller';
import { GetPendingApprovalsHandler } from './get-pending-approvals/get-pending-approvals.handler';
import { RecalculateController } from './recalculate/recalculate.controller';
import { RecalculateHandler } from './recalculate/recalculate.handler';
import { RequestFinalizationController } from './request-finalization/request-finalization.controller';
import { RequestFinalizationHandler } from './request-finalization/request-finalization.handler';
import { RequestCorrectionController } from './request-correction/request-correction.controller';
import { RequestCorrectionHandler } from './request-correction/request-correction.handler';
import { RunTrialCalculationController } from './run-trial-calculation/run-trial-calculation.controller';
import { RunTrialCalculationHandler } from './run-trial-calculation/run-trial-calculation.handler';

/** Bounded context: 試算 of the four pools, 内示 of the draft, 確定 by two people, score corrections by two people, what awaits approval, 再算定, and their reports; one folder per use case. */
@Module({
  imports: [FiscalYearModule],
  controllers: [
    RunTrialCalculationController,
    PublishDraftController,
    GetDraftController,
    RequestFinalizationController,
    ApproveFinalizationController,
    RequestCorrectionController,
    ApproveCorrectionController,
    GetPendingApprovalsController,
    ListRequestsController,
    RecalculateController,
    GetCalculationReportController,
    ExplainAmountController,
    GetLatestCalculationController,
  ],
  providers: [
    CalculationInputsLoader,
    RunTrialCalculationHandler,
    PublishDraftHandler,
    GetDraftHandler,
    RequestFinalizationHandler,
    ApproveFinalizationHandler,
    RequestCorrectionHandler,
    ApproveCorrectionHandler,
    GetPendingApprovalsHandler,
    ListRequestsHandler,
    RecalculateHandler,
    GetCalculationReportHandler,
    ExplainAmountHandler,
    GetLatestCalculationHandler,
  ],
})
export class GrantCalculationModule {}
