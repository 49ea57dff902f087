import { Module } from '@nestjs/common';
import { FiscalYearModule } from '../fiscal-year/fiscal-year.module';
import { GrantCalculationController } from './grant-calculation.controller';

/** Bounded context: 試算 of the four pools (finalization, corrections and reports follow). */
@Module({ imports: [FiscalYearModule], controllers: [GrantCalculationController] })
export class GrantCalculationModule {}
