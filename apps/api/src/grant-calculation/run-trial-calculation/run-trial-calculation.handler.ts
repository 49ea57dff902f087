import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { grantCalculationDecider, grantCalculationStreamId, GrantTrialCalculated } from '@grants/domain';
import { Clock } from '../../commands/clock';
import { StreamCommands } from '../../commands/stream-commands.service';
import { FiscalYearReader } from '../../fiscal-year/fiscal-year.reader';
import { CalculationInputsLoader } from '../calculation-inputs.loader';
import { decidedData } from '../calculation-outcome';
import { RunTrialCalculation, TrialCalculationResult } from './run-trial-calculation.command';

@CommandHandler(RunTrialCalculation)
export class RunTrialCalculationHandler implements ICommandHandler<RunTrialCalculation> {
  constructor(
    private readonly streams: StreamCommands,
    private readonly reader: FiscalYearReader,
    private readonly inputs: CalculationInputsLoader,
    private readonly clock: Clock,
  ) {}

  async execute({ fiscalYear, context }: RunTrialCalculation): Promise<TrialCalculationResult> {
    const year = await this.reader.openedYear(fiscalYear);
    const { inputs, inputsSha256 } = await this.inputs.load(year);
    const command = { type: 'RunTrialCalculation', fiscalYear, now: this.clock.now(), inputs, inputsSha256, phase: year.phase } as const;
    const outcome = await this.streams.handle(grantCalculationStreamId(fiscalYear), grantCalculationDecider, context, command);
    const trial = decidedData<GrantTrialCalculated>(outcome, 'GrantTrialCalculated');
    if (!trial) throw new Error(`no trial calculation was decided for ${fiscalYear}`);
    return { trial, version: outcome.version };
  }
}
