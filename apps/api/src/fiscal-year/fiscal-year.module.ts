import { Module } from '@nestjs/common';
import { FiscalYearController } from './fiscal-year.controller';
import { ReadinessService } from './readiness.service';

/** Bounded context: opening a fiscal year and moving it through its phases. */
@Module({ controllers: [FiscalYearController], providers: [ReadinessService], exports: [ReadinessService] })
export class FiscalYearModule {}
