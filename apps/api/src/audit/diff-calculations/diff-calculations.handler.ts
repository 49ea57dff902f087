import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CalculationDiff, diffCalculations, DomainError, resolveCalculation } from '@grants/domain';
import { AuditService } from '../audit.service';
import { DiffCalculations } from './diff-calculations.query';

@QueryHandler(DiffCalculations)
export class DiffCalculationsHandler implements IQueryHandler<DiffCalculations> {
  constructor(private readonly audit: AuditService) {}

  async execute({ fiscalYear, from, to, all }: DiffCalculations): Promise<CalculationDiff & { fiscalYear: string }> {
    const { history, events } = await this.audit.history(fiscalYear);
    const resolve = (name: string, ref: string) => {
      const found = resolveCalculation(ref, fiscalYear, events, history);
      if (!found) throw new DomainError('not_found', 'AUDIT.NO_CALCULATION', `${name}=${ref} に当たる算定はありません。`, `No calculation ${ref} (${name}).`, name);
      return found;
    };
    return { fiscalYear, ...diffCalculations(resolve('from', from), resolve('to', to), { all }) };
  }
}
