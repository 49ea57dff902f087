import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AuditService } from '../audit.service';
import { CalculationList, ListCalculations } from './list-calculations.query';

@QueryHandler(ListCalculations)
export class ListCalculationsHandler implements IQueryHandler<ListCalculations> {
  constructor(private readonly audit: AuditService) {}

  async execute({ fiscalYear }: ListCalculations): Promise<CalculationList> {
    const { history } = await this.audit.history(fiscalYear);
    return {
      fiscalYear,
      inForce: history.inForce()?.ref ?? null,
      calculations: history.calculations.map((c) => ({ ref: c.ref, label: c.label, position: c.position.toString(), eventId: c.eventId, recordedAt: c.recordedAt ?? null })),
    };
  }
}
