import { HttpException, HttpStatus } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NationalFiguresFile, nationalFiguresDecider, numericIndicators, PREFECTURES } from '@grants/domain';
import { EventStoreUnavailable } from '@grants/event-store';
import { Clock } from '../../commands/clock';
import { commandContext } from '../../commands/command-context';
import { FileParsingPool } from '../../file-parsing/file-parsing.pool';
import { FiscalYearReader, OpenedFiscalYear } from '../../fiscal-year/fiscal-year.reader';
import { RecordNationalFigures } from '../record-national-figures/record-national-figures.command';
import { ImportNationalFigures, NationalFiguresImported, RecordedFromFile } from './import-national-figures.command';

/**
 * Each indicator's figures from one file are one command keyed by the file's hash within the fiscal year and the
 * indicator (the route): re-sending it stores nothing twice, and the same file may go into another year.
 */
const keyOf = (file: NationalFiguresFile) => `national-figures-file-${file.sha256}`;

@CommandHandler(ImportNationalFigures)
export class ImportNationalFiguresHandler implements ICommandHandler<ImportNationalFigures> {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly reader: FiscalYearReader,
    private readonly clock: Clock,
    private readonly files: FileParsingPool,
  ) {}

  async execute({ fiscalYear, file: bytes, encoding, actor, requestId }: ImportNationalFigures): Promise<NationalFiguresImported> {
    const year = await this.reader.openedYear(fiscalYear);
    const scope = await this.scopeOf(fiscalYear, year);
    const file = await this.files.run('nationalFigures', { bytes, indicators: scope, encoding });
    // All or nothing: each indicator's figures are decided first (the phase above all), and only then recorded.
    for (const [indicatorId, figures] of file.figuresByIndicator) {
      const prefectural = numericIndicators(year.prefecturalFramework).some((indicator) => indicator.id === indicatorId);
      const framework = prefectural ? year.prefecturalFramework : year.municipalFramework;
      const registered = scope.get(indicatorId) ?? new Set<string>();
      nationalFiguresDecider.decide({ type: 'RecordNationalFigures', fiscalYear, indicatorId, figures, phase: year.phase, framework, registered, now: this.clock.now() }, nationalFiguresDecider.initialState);
    }
    const recorded: RecordedFromFile[] = [];
    for (const [indicatorId, figures] of file.figuresByIndicator) {
      const context = commandContext(actor, `national-figures-import ${fiscalYear}/${indicatorId}`, { sha256: file.sha256, indicatorId }, { idempotencyKey: keyOf(file), requestId });
      try {
        const outcome = await this.commandBus.execute(new RecordNationalFigures(fiscalYear, indicatorId, figures, context));
        recorded.push({ indicatorId, count: figures.length, version: outcome.version.toString(), idempotentReplay: outcome.idempotentReplay });
      } catch (error) {
        if (!(error instanceof EventStoreUnavailable)) throw error;
        throw interrupted(file, recorded, error);
      }
    }
    const version = recorded.reduce((latest, r) => (BigInt(r.version) > BigInt(latest) ? r.version : latest), '-1');
    const { format, layout, sha256, rows } = file;
    return { format, layout, encoding: file.encoding, sha256, rows, indicators: recorded, applied: recorded.filter((r) => !r.idempotentReplay).length, version };
  }

  /** The year's numeric indicators with the codes each is measured for: the registered insurers, or the 47 prefectures. */
  private async scopeOf(fiscalYear: string, year: OpenedFiscalYear): Promise<Map<string, ReadonlySet<string>>> {
    const insurers: ReadonlySet<string> = new Set((await this.reader.register(fiscalYear)).insurers.keys());
    const prefectures: ReadonlySet<string> = new Set(PREFECTURES.map((p) => p.code));
    return new Map([
      ...numericIndicators(year.municipalFramework).map((indicator) => [indicator.id, insurers] as const),
      ...numericIndicators(year.prefecturalFramework).map((indicator) => [indicator.id, prefectures] as const),
    ]);
  }
}

/** The store went away mid-import: 503 IMPORT.INTERRUPTED naming the indicators recorded; re-sending records the rest. */
function interrupted(file: NationalFiguresFile, recorded: readonly RecordedFromFile[], cause: Error): HttpException {
  const landed = recorded.map((r) => r.indicatorId);
  const missing = [...file.figuresByIndicator.keys()].filter((id) => !landed.includes(id));
  return new HttpException(
    {
      code: 'IMPORT.INTERRUPTED',
      message:
        `取込の途中でデータベースに接続できなくなりました。${landed.length} 指標は登録済み、${missing.length} 指標は未登録です。同じファイルをもう一度送信すると未登録の分だけが登録されます。 ` +
        `The import was interrupted; ${landed.length} indicators were recorded, ${missing.length} were not. Send the same file again: only what is missing will be recorded.`,
      details: { recordedIndicators: landed, notRecordedIndicators: missing },
    },
    HttpStatus.SERVICE_UNAVAILABLE,
    // The database's own message is logged with the request (the error filter), never sent.
    { cause },
  );
}
