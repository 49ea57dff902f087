import { Module } from '@nestjs/common';
import { FiscalYearModule } from '../fiscal-year/fiscal-year.module';
import { GetAnswersTemplateController } from './get-answers-template/get-answers-template.controller';
import { GetAnswersTemplateHandler } from './get-answers-template/get-answers-template.handler';
import { GetPrefectureSubmissionController } from './get-prefecture-submission/get-prefecture-submission.controller';
import { GetPrefectureSubmissionHandler } from './get-prefecture-submission/get-prefecture-submission.handler';
import { PrefectureSubmissionContexts } from './prefecture-submission-context';
import { SavePrefectureAnswersController } from './save-prefecture-answers/save-prefecture-answers.controller';
import { SavePrefectureAnswersHandler } from './save-prefecture-answers/save-prefecture-answers.handler';
import { SetRequestedAmountsController } from './set-requested-amounts/set-requested-amounts.controller';
import { SetRequestedAmountsHandler } from './set-requested-amounts/set-requested-amounts.handler';
import { SubmitPrefectureSubmissionController } from './submit-prefecture-submission/submit-prefecture-submission.controller';
import { SubmitPrefectureSubmissionHandler } from './submit-prefecture-submission/submit-prefecture-submission.handler';

/** Bounded context: prefectures' own self-evaluations and requested amounts (所要見込額), one folder per use case. */
@Module({
  imports: [FiscalYearModule],
  controllers: [GetPrefectureSubmissionController, GetAnswersTemplateController, SavePrefectureAnswersController, SetRequestedAmountsController, SubmitPrefectureSubmissionController],
  providers: [PrefectureSubmissionContexts, GetPrefectureSubmissionHandler, GetAnswersTemplateHandler, SavePrefectureAnswersHandler, SetRequestedAmountsHandler, SubmitPrefectureSubmissionHandler],
  exports: [PrefectureSubmissionContexts],
})
export class PrefectureSubmissionModule {}
