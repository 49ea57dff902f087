import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Clock } from '../../commands/clock';
import { FiscalYearReads } from '../fiscal-year.reader';
import { ReadinessService } from '../readiness.service';
import { GetReadiness, ReadinessView } from './get-readiness.query';

@QueryHandler(GetReadiness)
export class GetReadinessHandler implements IQueryHandler<GetReadiness> {
  constructor(
    private readonly reads: FiscalYearReads,
    private readonly readiness: ReadinessService,
    private readonly clock: Clock,
  ) {}

  async execute({ fiscalYear }: GetReadiness): Promise<ReadinessView> {
    const opened = await this.reads.openedYear(fiscalYear);
    const next = this.readiness.nextPhase(opened.phase);
    const missing = next ? (await this.readiness.check(this.reads, opened, next, this.clock.now())).missing : [];
    return { fiscalYear, phase: opened.phase, next: next ?? null, missing };
  }
}
