import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { YearViews } from '../../fiscal-year/year-views.reader';
import { InsurerList, ListInsurers } from './list-insurers.query';

@QueryHandler(ListInsurers)
export class ListInsurersHandler implements IQueryHandler<ListInsurers> {
  constructor(private readonly views: YearViews) {}

  async execute({ fiscalYear, prefecture }: ListInsurers): Promise<InsurerList> {
    await this.views.openedYear(fiscalYear);
    const insurers = await this.views.register(fiscalYear, prefecture);
    return { fiscalYear, count: insurers.length, insurers };
  }
}
