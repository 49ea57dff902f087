import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CalculationDiff, calculationNamed, diffCalculations, DomainError } from '@grants/domain';
import { CalculationRecords } from '../calculation-records';
import { DiffCalculations } from './diff-calculations.query';

/** Resolves both names among the year's calculations (CalculationRecords: its calculation stream, not the whole year). */
@QueryHandler(DiffCalculations)
export class DiffCalculationsHandler implements IQueryHandler<DiffCalculations> {
  constructor(private readonly records: CalculationRecords) {}

  async execute({ fiscalYear, from, to, all }: DiffCalculations): Promise<CalculationDiff & { fiscalYear: string }> {
    const calculations = await this.records.of(fiscalYear);
    const resolve = (name: string, ref: string) => {
      const found = calculationNamed(ref, calculations);
      if (!found) throw new DomainError('not_found', 'AUDIT.NO_CALCULATION', `${name}=${ref} に当たる算定はありません。`, `No calculation ${ref} (${name}).`, name);
      return found;
    };
    return { fiscalYear, ...diffCalculations(resolve('from', from), resolve('to', to), { all }) };
  }
}
