import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { assertPrefectureScope, canActForInsurer } from '../../auth/scope';
import { YearViews } from '../../fiscal-year/year-views.reader';
import { InsurerList, ListInsurers } from './list-insurers.query';

@QueryHandler(ListInsurers)
export class ListInsurersHandler implements IQueryHandler<ListInsurers> {
  constructor(private readonly views: YearViews) {}

  async execute({ fiscalYear, prefecture, actor }: ListInsurers): Promise<InsurerList> {
    // As the submission list and the rankings: a prefecture's list is for that prefecture and the national users.
    if (prefecture !== undefined) assertPrefectureScope(actor, String(prefecture));
    await this.views.openedYear(fiscalYear);
    const insurers = (await this.views.register(fiscalYear, prefecture)).filter((insurer) => canActForInsurer(actor, insurer.code));
    return { fiscalYear, count: insurers.length, insurers };
  }
}
