import { Module } from '@nestjs/common';
import { FiscalYearModule } from '../fiscal-year/fiscal-year.module';
import { ListSubmissionsController } from './list-submissions/list-submissions.controller';
import { ListSubmissionsHandler } from './list-submissions/list-submissions.handler';
import { SubmissionStatusAsOf } from './list-submissions/submission-status-as-of';
import { GetSubmissionController } from './get-submission/get-submission.controller';
import { GetSubmissionHandler } from './get-submission/get-submission.handler';
import { ImportAnswersController } from './import-answers/import-answers.controller';
import { ImportAnswersHandler } from './import-answers/import-answers.handler';
import { RequestAmountsController } from './request-amounts/request-amounts.controller';
import { RequestAmountsHandler } from './request-amounts/request-amounts.handler';
import { ReturnSubmissionController } from './return-submission/return-submission.controller';
import { ReturnSubmissionHandler } from './return-submission/return-submission.handler';
import { SaveAnswersController } from './save-answers/save-answers.controller';
import { SaveAnswersHandler } from './save-answers/save-answers.handler';
import { SubmissionContexts } from './submission-context';
import { SubmitSubmissionController } from './submit-submission/submit-submission.controller';
import { SubmitSubmissionHandler } from './submit-submission/submit-submission.handler';

/** Bounded context: insurers' self-evaluations (answers, 提出, 差戻し, 所要見込額 after 内示), one folder per use case. */
@Module({
  imports: [FiscalYearModule],
  controllers: [ListSubmissionsController, GetSubmissionController, SaveAnswersController, SubmitSubmissionController, ReturnSubmissionController, ImportAnswersController, RequestAmountsController],
  providers: [SubmissionContexts, SaveAnswersHandler, SubmitSubmissionHandler, ReturnSubmissionHandler, GetSubmissionHandler, ListSubmissionsHandler, SubmissionStatusAsOf, ImportAnswersHandler, RequestAmountsHandler],
  exports: [SubmissionContexts],
})
export class SubmissionModule {}
