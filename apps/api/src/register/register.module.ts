import { Module } from '@nestjs/common';
import { FiscalYearModule } from '../fiscal-year/fiscal-year.module';
import { ImportRegisterController } from './import-register/import-register.controller';
import { ImportRegisterHandler } from './import-register/import-register.handler';
import { ListInsurersController } from './list-insurers/list-insurers.controller';
import { ListInsurersHandler } from './list-insurers/list-insurers.handler';
import { RegisterInsurersController } from './register-insurers/register-insurers.controller';
import { RegisterInsurersHandler } from './register-insurers/register-insurers.handler';

/** Bounded context: the fiscal year's register of insurers (保険者名簿), one folder per use case. */
@Module({
  imports: [FiscalYearModule],
  controllers: [RegisterInsurersController, ImportRegisterController, ListInsurersController],
  providers: [RegisterInsurersHandler, ImportRegisterHandler, ListInsurersHandler],
})
export class RegisterModule {}
