import { Command } from '@nestjs/cqrs';
import type { Phase } from '@grants/domain';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/stream-commands.service';

/** フェーズを進める: one step forward, refused with the list of what is missing; on the way to 'scored' the scores are recorded. */
export class AdvancePhase extends Command<CommandOutcome> {
  constructor(
    readonly fiscalYear: string,
    readonly to: Phase,
    readonly context: CommandContext,
    /** Opening the 所要見込額 window (`requests_open`): until when it accepts requests. */
    readonly requestsDueAt?: string,
  ) {
    super();
  }
}
