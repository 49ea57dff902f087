import { Module } from '@nestjs/common';
import { FiscalYearModule } from '../fiscal-year/fiscal-year.module';
import { RegisterController } from './register.controller';

/** Bounded context: the fiscal year's register of insurers (保険者名簿). */
@Module({ imports: [FiscalYearModule], controllers: [RegisterController] })
export class RegisterModule {}
