import { Module } from '@nestjs/common';
import { FiscalYearModule } from '../fiscal-year/fiscal-year.module';
import { PrefectureSubmissionController } from './prefecture-submission.controller';

/** Bounded context: prefectures' own self-evaluations and requested amounts (所要見込額). */
@Module({ imports: [FiscalYearModule], controllers: [PrefectureSubmissionController] })
export class PrefectureSubmissionModule {}
