import { Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { FiscalYearController } from '../fiscal-year-path';
import { ListFiscalYears } from './list-fiscal-years.query';

@FiscalYearController()
export class ListFiscalYearsController {
  constructor(private readonly queryBus: QueryBus) {}

  /**
   * 年度一覧: every opened year, newest first, with its phase, allocation rule version and deadlines. Every signed-in
   * role reads every year: the list holds nothing of any one organisation.
   */
  @Get()
  async list() {
    return this.queryBus.execute(new ListFiscalYears());
  }
}
