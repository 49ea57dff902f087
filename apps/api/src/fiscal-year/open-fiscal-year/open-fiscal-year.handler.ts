import { createHash } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import canonicalize from 'canonicalize';
import { fiscalYearDecider, fiscalYearStreamId } from '@grants/domain';
import { Clock } from '../../commands/clock';
import { StreamCommands } from '../../commands/stream-commands.service';
import { OpenFiscalYear } from './open-fiscal-year.command';

const sha256 = (value: unknown) => createHash('sha256').update(canonicalize(value) ?? '').digest('hex');

@CommandHandler(OpenFiscalYear)
export class OpenFiscalYearHandler implements ICommandHandler<OpenFiscalYear> {
  constructor(
    private readonly streams: StreamCommands,
    private readonly clock: Clock,
  ) {}

  async execute({ opening, context }: OpenFiscalYear) {
    const frameworkHashes = { municipal: sha256(opening.municipalFramework), prefectural: sha256(opening.prefecturalFramework) };
    return this.streams.handle(fiscalYearStreamId(opening.fiscalYear), fiscalYearDecider, context, {
      type: 'OpenFiscalYear',
      ...opening,
      frameworkHashes,
      now: this.clock.now(),
    });
  }
}
