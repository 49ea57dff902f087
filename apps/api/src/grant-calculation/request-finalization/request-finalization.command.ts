import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/stream-commands.service';

/** 確定の起案: a national administrator asks for the latest trial to be finalized. */
export class RequestFinalization extends Command<CommandOutcome> {
  constructor(
    readonly fiscalYear: string,
    readonly trialNumber: number,
    readonly context: CommandContext,
  ) {
    super();
  }
}
