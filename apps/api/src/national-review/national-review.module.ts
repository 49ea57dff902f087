import { Module } from '@nestjs/common';
import { FiscalYearModule } from '../fiscal-year/fiscal-year.module';
import { NationalReviewController } from './national-review.controller';

/** Bounded context: the national figures of activity and outcome indicators (answers are reviewed in submission/). */
@Module({ imports: [FiscalYearModule], controllers: [NationalReviewController] })
export class NationalReviewModule {}
