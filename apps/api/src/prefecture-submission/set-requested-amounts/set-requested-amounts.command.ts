import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/stream-commands.service';

/** 所要見込額: what the prefecture expects to need per grant, in whole yen as decimal strings. */
export class SetRequestedAmounts extends Command<CommandOutcome> {
  constructor(
    readonly fiscalYear: string,
    readonly prefectureCode: string,
    readonly amounts: { readonly suishinYen: string; readonly shienYen: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}
