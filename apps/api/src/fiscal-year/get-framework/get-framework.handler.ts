import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@grants/domain';
import type { Framework } from '@grants/domain';
import { YearViews } from '../year-views.reader';
import { GetFramework } from './get-framework.query';

@QueryHandler(GetFramework)
export class GetFrameworkHandler implements IQueryHandler<GetFramework> {
  constructor(private readonly views: YearViews) {}

  /** The year is looked up first: an unopened year is 404 whatever the level. */
  async execute({ fiscalYear, level }: GetFramework): Promise<Framework> {
    const year = await this.views.openedYearWithFrameworks(fiscalYear);
    if (level === 'municipal') return year.municipalFramework;
    if (level === 'prefectural') return year.prefecturalFramework;
    throw new DomainError('invalid', 'VALIDATION.INVALID_PATH', "level は 'municipal' か 'prefectural' です。", "level must be 'municipal' or 'prefectural'.", 'level');
  }
}
