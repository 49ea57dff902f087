import { Module } from '@nestjs/common';
import { FiscalYearModule } from '../fiscal-year/fiscal-year.module';
import { PrefectureSubmissionModule } from '../prefecture-submission/prefecture-submission.module';
import { SubmissionModule } from '../submission/submission.module';
import { ImportNationalFiguresController } from './import-national-figures/import-national-figures.controller';
import { ImportNationalFiguresHandler } from './import-national-figures/import-national-figures.handler';
import { ListNationalFiguresController } from './list-national-figures/list-national-figures.controller';
import { ListNationalFiguresHandler } from './list-national-figures/list-national-figures.handler';
import { RecordNationalFiguresController } from './record-national-figures/record-national-figures.controller';
import { RecordNationalFiguresHandler } from './record-national-figures/record-national-figures.handler';
import { ReviewAnswerController } from './review-answer/review-answer.controller';
import { ReviewAnswerHandler } from './review-answer/review-answer.handler';
import { ReviewPrefectureAnswerController } from './review-prefecture-answer/review-prefecture-answer.controller';
import { ReviewPrefectureAnswerHandler } from './review-prefecture-answer/review-prefecture-answer.handler';

/** Bounded context: the national review of insurers' and prefectures' answers, and the national figures of numeric indicators. */
@Module({
  imports: [FiscalYearModule, SubmissionModule, PrefectureSubmissionModule],
  // The file import before PUT national-figures/:indicatorId, so that `import` is never taken for an indicator id.
  controllers: [ReviewAnswerController, ReviewPrefectureAnswerController, ImportNationalFiguresController, RecordNationalFiguresController, ListNationalFiguresController],
  providers: [ReviewAnswerHandler, ReviewPrefectureAnswerHandler, ImportNationalFiguresHandler, RecordNationalFiguresHandler, ListNationalFiguresHandler],
})
export class NationalReviewModule {}
