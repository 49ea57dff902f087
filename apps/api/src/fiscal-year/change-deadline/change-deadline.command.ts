import { Command } from '@nestjs/cqrs';
import type { DeadlineKey } from '@grants/domain';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/stream-commands.service';

/** 期限の延長・繰上げ: the national administrator moves one deadline of the year, with a reason. */
export class ChangeDeadline extends Command<CommandOutcome> {
  constructor(
    readonly fiscalYear: string,
    readonly deadline: DeadlineKey,
    readonly dueAt: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
