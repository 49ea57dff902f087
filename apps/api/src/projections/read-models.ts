import { Projection, StreamCatalogProjection } from '@grants/event-store';
import { AuditIndexProjection } from '../audit/audit-index.projection';
import { FiscalYearViewProjection } from '../fiscal-year/fiscal-year-view.projection';
import { CalculationAmountProjection } from '../grant-calculation/calculation-amount.projection';
import { RegisteredInsurerProjection } from '../register/registered-insurer.projection';
import { ScoresProjection } from '../scoring/scores.projection';
import { SubmissionStatusHistoryProjection } from '../submission/list-submissions/submission-status-history.projection';
import { MunicipalRequestProjection } from '../submission/municipal-request.projection';
import { SubmissionOverviewProjection } from '../submission/submission-overview.projection';

/**
 * Every read model of the service, fed from the store's global order: the one list the running service follows and
 * the auditors' `replay --read-store` rebuilds from zero, so the two can never disagree on what a read model is.
 */
export function readModelProjections(): Projection[] {
  return [
    new StreamCatalogProjection(),
    new SubmissionOverviewProjection(),
    new AuditIndexProjection(),
    new SubmissionStatusHistoryProjection(),
    new ScoresProjection(),
    new FiscalYearViewProjection(),
    new RegisteredInsurerProjection(),
    new CalculationAmountProjection(),
    new MunicipalRequestProjection(),
  ];
}
