import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { fiscalYearDecider, fiscalYearStreamId, requireOpened } from '@grants/domain';
import { StreamReads } from '../../commands/stream-commands.service';
import { FiscalYearView, GetFiscalYear } from './get-fiscal-year.query';

@QueryHandler(GetFiscalYear)
export class GetFiscalYearHandler implements IQueryHandler<GetFiscalYear> {
  constructor(private readonly streams: StreamReads) {}

  async execute({ fiscalYear }: GetFiscalYear): Promise<FiscalYearView> {
    const { state, version } = await this.streams.load(fiscalYearStreamId(fiscalYear), fiscalYearDecider);
    const opened = requireOpened(state, fiscalYear);
    return {
      fiscalYear,
      phase: opened.phase,
      pools: opened.pools,
      deadlines: opened.deadlines,
      allocationRuleVersion: opened.allocationRuleVersion,
      unitYen: opened.unitYen,
      frameworkHashes: opened.frameworkHashes,
      openedAt: opened.openedAt,
      version: version.toString(),
    };
  }
}
