import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/stream-commands.service';

/** 所要見込額 of a municipality after 内示, per grant in whole yen as decimal strings (the insurer, or its prefecture on its behalf). */
export class RequestAmounts extends Command<CommandOutcome> {
  constructor(
    readonly fiscalYear: string,
    readonly insurerCode: string,
    readonly amounts: { readonly suishinYen: string; readonly shienYen: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}
