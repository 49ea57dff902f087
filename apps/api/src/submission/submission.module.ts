import { Module } from '@nestjs/common';
import { FiscalYearModule } from '../fiscal-year/fiscal-year.module';
import { AnswersImportController } from './answers-import.controller';
import { SubmissionListController } from './submission-list.controller';
import { SubmissionController } from './submission.controller';

/** Bounded context: insurers' self-evaluations, 差戻し and the national review of answers. */
@Module({ imports: [FiscalYearModule], controllers: [SubmissionListController, SubmissionController, AnswersImportController] })
export class SubmissionModule {}
