import { CreateSubmissionOverview1763900000000 } from './1763900000000-create-submission-overview';
import { CreateScoreReadModels1764100000000 } from './1764100000000-create-score-read-models';
import { CreateAuditIndex1764000000000 } from './1764000000000-create-audit-index';
import { CreateSubmissionStatusHistory1764000000001 } from './1764000000001-create-submission-status-history';
import { CreateYearViews1764200000000 } from './1764200000000-create-year-views';
import { AddScoreExtras1764300000000 } from './1764300000000-add-score-extras';
import { AddDeadlineChanges1764400000000 } from './1764400000000-add-deadline-changes';
import { AddYearWorkflow1764500000000 } from './1764500000000-add-year-workflow';
import { CreateMunicipalRequest1764500000001 } from './1764500000001-create-municipal-request';
import { CreateWebSessions1764600000000 } from './1764600000000-create-web-sessions';

/**
 * TypeORM migrations of the API's own read models, run after EVENT_STORE_MIGRATIONS. Class names carry a
 * timestamp later than the event store's so the order is stable.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const API_MIGRATIONS: Function[] = [
  CreateSubmissionOverview1763900000000,
  CreateScoreReadModels1764100000000,
  CreateAuditIndex1764000000000,
  CreateSubmissionStatusHistory1764000000001,
  CreateYearViews1764200000000,
  AddScoreExtras1764300000000,
  AddDeadlineChanges1764400000000,
  AddYearWorkflow1764500000000,
  CreateMunicipalRequest1764500000001,
  CreateWebSessions1764600000000,
];
