import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { grantCalculationDecider, grantCalculationStreamId } from '@grants/domain';
import { Clock } from '../../commands/clock';
import { StreamCommands } from '../../commands/stream-commands.service';
import { FiscalYearReader } from '../../fiscal-year/fiscal-year.reader';
import { CalculationInputsLoader } from '../calculation-inputs.loader';
import { CorrectScore } from './correct-score.command';

@CommandHandler(CorrectScore)
export class CorrectScoreHandler implements ICommandHandler<CorrectScore> {
  constructor(
    private readonly streams: StreamCommands,
    private readonly reader: FiscalYearReader,
    private readonly inputs: CalculationInputsLoader,
    private readonly clock: Clock,
  ) {}

  async execute({ fiscalYear, correction, context }: CorrectScore) {
    await this.reader.openedYear(fiscalYear);
    const recipients = await this.inputs.recipients(fiscalYear, correction.level);
    const command = { type: 'CorrectScore', fiscalYear, now: this.clock.now(), correction, recipients } as const;
    return this.streams.handle(grantCalculationStreamId(fiscalYear), grantCalculationDecider, context, command);
  }
}
