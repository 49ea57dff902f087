import { Module } from '@nestjs/common';
import { FiscalYearModule } from '../fiscal-year/fiscal-year.module';
import { SubmissionModule } from '../submission/submission.module';
import { NationalReviewController } from './national-review.controller';
import { ReviewAnswerController } from './review-answer/review-answer.controller';
import { ReviewAnswerHandler } from './review-answer/review-answer.handler';

/** Bounded context: the national review of insurers' answers and the national figures of numeric indicators. */
@Module({
  imports: [FiscalYearModule, SubmissionModule],
  controllers: [ReviewAnswerController, NationalReviewController],
  providers: [ReviewAnswerHandler],
})
export class NationalReviewModule {}
