import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Clock } from '../../commands/clock';
import { ReadinessService } from '../readiness.service';
import { YearViews } from '../year-views.reader';
import { GetReadiness, ReadinessView } from './get-readiness.query';

@QueryHandler(GetReadiness)
export class GetReadinessHandler implements IQueryHandler<GetReadiness> {
  constructor(
    private readonly views: YearViews,
    private readonly readiness: ReadinessService,
    private readonly clock: Clock,
  ) {}

  async execute({ fiscalYear }: GetReadiness): Promise<ReadinessView> {
    const year = await this.views.openedYearWithFrameworks(fiscalYear);
    const next = this.readiness.nextPhase(year);
    const missing = next ? (await this.readiness.check(this.views, year, next, this.clock.now())).missing : [];
    return { fiscalYear, phase: year.phase, next: next ?? null, missing };
  }
}
