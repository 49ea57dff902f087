import { Module } from '@nestjs/common';
import { ScoringService } from '../scoring/scoring.service';
import { FiscalYearController } from './fiscal-year.controller';
import { FiscalYearReader } from './fiscal-year.reader';
import { ReadinessService } from './readiness.service';

/** Bounded context: opening a fiscal year and moving it through its phases (scoring runs on the way to 'scored'). */
@Module({
  controllers: [FiscalYearController],
  providers: [ReadinessService, FiscalYearReader, ScoringService],
  exports: [ReadinessService, FiscalYearReader, ScoringService],
})
export class FiscalYearModule {}
