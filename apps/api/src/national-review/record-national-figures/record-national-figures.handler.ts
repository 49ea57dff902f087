import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { nationalFiguresDecider, nationalFiguresStreamId, numericIndicators, PREFECTURES } from '@grants/domain';
import { Clock } from '../../commands/clock';
import { StreamCommands } from '../../commands/stream-commands.service';
import { FiscalYearReader } from '../../fiscal-year/fiscal-year.reader';
import { RecordNationalFigures } from './record-national-figures.command';

@CommandHandler(RecordNationalFigures)
export class RecordNationalFiguresHandler implements ICommandHandler<RecordNationalFigures> {
  constructor(
    private readonly streams: StreamCommands,
    private readonly reader: FiscalYearReader,
    private readonly clock: Clock,
  ) {}

  async execute({ fiscalYear, indicatorId, figures, context }: RecordNationalFigures) {
    const year = await this.reader.openedYear(fiscalYear);
    // An indicator of the prefectural framework is measured for the 47 prefectures, any other for the insurers.
    const prefectural = numericIndicators(year.prefecturalFramework).some((indicator) => indicator.id === indicatorId);
    const registered = new Set(prefectural ? PREFECTURES.map((p) => p.code) : (await this.reader.register(fiscalYear)).insurers.keys());
    return this.streams.handle(nationalFiguresStreamId(fiscalYear), nationalFiguresDecider, context, {
      type: 'RecordNationalFigures',
      fiscalYear,
      indicatorId,
      figures,
      phase: year.phase,
      framework: prefectural ? year.prefecturalFramework : year.municipalFramework,
      registered,
      now: this.clock.now(),
    });
  }
}
