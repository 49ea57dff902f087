import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { fiscalYearDecider, fiscalYearStreamId } from '@grants/domain';
import { Clock } from '../../commands/clock';
import { StreamCommands } from '../../commands/stream-commands.service';
import { FiscalYearReader } from '../fiscal-year.reader';
import { ChangeDeadline } from './change-deadline.command';

@CommandHandler(ChangeDeadline)
export class ChangeDeadlineHandler implements ICommandHandler<ChangeDeadline> {
  constructor(
    private readonly streams: StreamCommands,
    private readonly reader: FiscalYearReader,
    private readonly clock: Clock,
  ) {}

  async execute({ fiscalYear, deadline, dueAt, reason, context }: ChangeDeadline) {
    await this.reader.openedYear(fiscalYear);
    return this.streams.handle(fiscalYearStreamId(fiscalYear), fiscalYearDecider, context, { type: 'ChangeDeadline', fiscalYear, deadline, dueAt, reason, now: this.clock.now() });
  }
}
