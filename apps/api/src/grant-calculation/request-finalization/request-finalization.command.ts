import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/stream-commands.service';

/** 確定の起案: a national administrator asks for the latest trial (settlement years: the settlement under the requests) to be finalized. */
export class RequestFinalization extends Command<CommandOutcome> {
  constructor(
    readonly fiscalYear: string,
    readonly trialNumber: number | undefined,
    readonly context: CommandContext,
  ) {
    super();
  }
}
