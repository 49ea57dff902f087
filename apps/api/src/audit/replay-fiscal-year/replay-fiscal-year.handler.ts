import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReplayReport } from '@grants/domain';
import { AuditService } from '../audit.service';
import { ReplayFiscalYear } from './replay-fiscal-year.query';

@QueryHandler(ReplayFiscalYear)
export class ReplayFiscalYearHandler implements IQueryHandler<ReplayFiscalYear> {
  constructor(private readonly audit: AuditService) {}

  async execute({ fiscalYear }: ReplayFiscalYear): Promise<ReplayReport & { reproduced: boolean }> {
    const report = await this.audit.replay(fiscalYear);
    return { ...report, reproduced: report.mismatches.length === 0 };
  }
}
