import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { inForceOf } from '@grants/domain';
import { CalculationRecords } from '../calculation-records';
import { CalculationList, ListCalculations } from './list-calculations.query';

/** Reads the year's calculation stream only (CalculationRecords), not the whole year. */
@QueryHandler(ListCalculations)
export class ListCalculationsHandler implements IQueryHandler<ListCalculations> {
  constructor(private readonly records: CalculationRecords) {}

  async execute({ fiscalYear }: ListCalculations): Promise<CalculationList> {
    const calculations = await this.records.of(fiscalYear);
    return {
      fiscalYear,
      inForce: inForceOf(calculations)?.ref ?? null,
      calculations: calculations.map((c) => ({ ref: c.ref, label: c.label, position: c.position.toString(), eventId: c.eventId, recordedAt: c.recordedAt ?? null })),
    };
  }
}
