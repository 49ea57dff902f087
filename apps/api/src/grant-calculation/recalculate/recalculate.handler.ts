import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { grantCalculationDecider, grantCalculationStreamId, GrantsRecalculated } from '@grants/domain';
import { Clock } from '../../commands/clock';
import { StreamCommands } from '../../commands/stream-commands.service';
import { FiscalYearReader } from '../../fiscal-year/fiscal-year.reader';
import { CalculationInputsLoader } from '../calculation-inputs.loader';
import { decidedData } from '../calculation-outcome';
import { Recalculate, RecalculationResult } from './recalculate.command';

@CommandHandler(Recalculate)
export class RecalculateHandler implements ICommandHandler<Recalculate> {
  constructor(
    private readonly streams: StreamCommands,
    private readonly reader: FiscalYearReader,
    private readonly inputs: CalculationInputsLoader,
    private readonly clock: Clock,
  ) {}

  async execute({ fiscalYear, context }: Recalculate): Promise<RecalculationResult> {
    const year = await this.reader.openedYear(fiscalYear);
    const { inputs, inputsSha256 } = await this.inputs.load(year);
    const command = { type: 'Recalculate', fiscalYear, now: this.clock.now(), inputs, inputsSha256 } as const;
    const outcome = await this.streams.handle(grantCalculationStreamId(fiscalYear), grantCalculationDecider, context, command);
    const recalculation = decidedData<GrantsRecalculated>(outcome, 'GrantsRecalculated');
    if (!recalculation) throw new Error(`no recalculation was decided for ${fiscalYear}`);
    return { recalculation, version: outcome.version };
  }
}
