import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError, fiscalYearDecider, fiscalYearStreamId, requireOpened } from '@grants/domain';
import type { Framework } from '@grants/domain';
import { StreamReads } from '../../commands/stream-commands.service';
import { GetFramework } from './get-framework.query';

@QueryHandler(GetFramework)
export class GetFrameworkHandler implements IQueryHandler<GetFramework> {
  constructor(private readonly streams: StreamReads) {}

  /** The year is looked up first: an unopened year is 404 whatever the level. */
  async execute({ fiscalYear, level }: GetFramework): Promise<Framework> {
    const { state } = await this.streams.load(fiscalYearStreamId(fiscalYear), fiscalYearDecider);
    const opened = requireOpened(state, fiscalYear);
    if (level === 'municipal') return opened.municipalFramework;
    if (level === 'prefectural') return opened.prefecturalFramework;
    throw new DomainError('invalid', 'VALIDATION.INVALID_PATH', "level は 'municipal' か 'prefectural' です。", "level must be 'municipal' or 'prefectural'.", 'level');
  }
}
