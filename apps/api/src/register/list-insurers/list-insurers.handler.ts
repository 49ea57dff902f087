import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { FiscalYearReads } from '../../fiscal-year/fiscal-year.reader';
import { InsurerList, ListInsurers } from './list-insurers.query';

@QueryHandler(ListInsurers)
export class ListInsurersHandler implements IQueryHandler<ListInsurers> {
  constructor(private readonly reads: FiscalYearReads) {}

  async execute({ fiscalYear, prefecture }: ListInsurers): Promise<InsurerList> {
    await this.reads.openedYear(fiscalYear);
    const insurers = [...(await this.reads.register(fiscalYear)).insurers.values()]
      .filter((i) => prefecture === undefined || i.prefectureCode === prefecture)
      .sort((a, b) => (a.code < b.code ? -1 : 1));
    return { fiscalYear, count: insurers.length, insurers };
  }
}
