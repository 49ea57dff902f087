import { Command } from '@nestjs/cqrs';
import type { GrantStep } from '@grants/domain';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/stream-commands.service';

/** 確定後の手続: 交付申請 / 交付決定 / 実績報告 / 額の確定 / 返還 of the year, with the date on its documents and a reason. */
export class RecordGrantStep extends Command<CommandOutcome> {
  constructor(
    readonly fiscalYear: string,
    readonly step: GrantStep,
    readonly date: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
