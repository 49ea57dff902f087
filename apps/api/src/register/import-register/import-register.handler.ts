import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { registerDecider, registerStreamId } from '@grants/domain';
import { Clock } from '../../commands/clock';
import { commandContext } from '../../commands/command-context';
import { StreamCommands } from '../../commands/stream-commands.service';
import { FileParsingPool } from '../../file-parsing/file-parsing.pool';
import { FiscalYearReader } from '../../fiscal-year/fiscal-year.reader';
import { ImportRegister, RegisterImported } from './import-register.command';

@CommandHandler(ImportRegister)
export class ImportRegisterHandler implements ICommandHandler<ImportRegister> {
  constructor(
    private readonly streams: StreamCommands,
    private readonly reader: FiscalYearReader,
    private readonly clock: Clock,
    private readonly files: FileParsingPool,
  ) {}

  async execute({ fiscalYear, bytes, encoding, fileName, actor, ifMatch }: ImportRegister): Promise<RegisterImported> {
    const year = await this.reader.openedYear(fiscalYear);
    const csv = await this.files.run('register', { bytes, encoding });
    // The file's hash is the idempotency key, within the route and so the fiscal year: the same upload twice is one
    // command, and the same file may be imported into another year.
    const route = `PUT /fiscal-years/${fiscalYear}/insurers/import`;
    const context = commandContext(actor, route, { sha256: csv.sha256 }, { idempotencyKey: `register-csv-${csv.sha256}`, ifMatch });
    const outcome = await this.streams.handle(registerStreamId(fiscalYear), registerDecider, context, {
      type: 'RegisterInsurers',
      registration: { fiscalYear, insurers: csv.insurers, source: { kind: 'csv', fileName: fileName?.slice(0, 200), fileSha256: csv.sha256 } },
      phase: year.phase,
      now: this.clock.now(),
    });
    return { outcome, rows: csv.insurers.length, encoding: csv.encoding, sha256: csv.sha256 };
  }
}
