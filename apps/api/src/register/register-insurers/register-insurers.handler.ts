import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { registerDecider, registerStreamId } from '@grants/domain';
import { Clock } from '../../commands/clock';
import { StreamCommands } from '../../commands/stream-commands.service';
import { FiscalYearReader } from '../../fiscal-year/fiscal-year.reader';
import { RegisterInsurers } from './register-insurers.command';

@CommandHandler(RegisterInsurers)
export class RegisterInsurersHandler implements ICommandHandler<RegisterInsurers> {
  constructor(
    private readonly streams: StreamCommands,
    private readonly reader: FiscalYearReader,
    private readonly clock: Clock,
  ) {}

  async execute({ fiscalYear, insurers, context }: RegisterInsurers) {
    const year = await this.reader.openedYear(fiscalYear);
    return this.streams.handle(registerStreamId(fiscalYear), registerDecider, context, {
      type: 'RegisterInsurers',
      registration: { fiscalYear, insurers, source: { kind: 'api' } },
      phase: year.phase,
      now: this.clock.now(),
    });
  }
}
