import { Command } from '@nestjs/cqrs';
import type { OpenFiscalYear as OpenFiscalYearDecision } from '@grants/domain';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/stream-commands.service';

/** What opening a year states; the framework hashes are derived from the frameworks when it is decided. */
export type YearOpening = Omit<OpenFiscalYearDecision, 'type' | 'frameworkHashes'>;

/** 年度の開始: pools, frameworks, deadlines and the allocation rule version (national administrators). */
export class OpenFiscalYear extends Command<CommandOutcome> {
  constructor(
    readonly opening: YearOpening,
    readonly context: CommandContext,
  ) {
    super();
  }
}
