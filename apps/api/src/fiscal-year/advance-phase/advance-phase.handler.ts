import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { fiscalYearDecider, fiscalYearStreamId } from '@grants/domain';
import { Clock } from '../../commands/clock';
import { StreamCommands } from '../../commands/stream-commands.service';
import { ScoringService } from '../../scoring/scoring.service';
import { FiscalYearReader } from '../fiscal-year.reader';
import { ReadinessService } from '../readiness.service';
import { AdvancePhase } from './advance-phase.command';

@CommandHandler(AdvancePhase)
export class AdvancePhaseHandler implements ICommandHandler<AdvancePhase> {
  constructor(
    private readonly streams: StreamCommands,
    private readonly reader: FiscalYearReader,
    private readonly readiness: ReadinessService,
    private readonly scoring: ScoringService,
    private readonly clock: Clock,
  ) {}

  async execute({ fiscalYear, to, context, requestsDueAt }: AdvancePhase) {
    const now = this.clock.now();
    const year = await this.reader.openedYear(fiscalYear);
    const readiness = await this.readiness.check(this.reader, year, to, now);
    // Scores are computed before the append; from 'review_completed' on nothing that feeds them can change.
    const scores = to === 'scored' && year.phase === 'review_completed' && readiness.missing.length === 0 ? await this.scoring.calculate(year, now) : undefined;
    return this.streams.handle(fiscalYearStreamId(fiscalYear), fiscalYearDecider, context, { type: 'AdvancePhase', fiscalYear, to, readiness, scores, requestsDueAt, now });
  }
}
