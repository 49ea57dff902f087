import { Command } from '@nestjs/cqrs';
import type { RegisteredInsurer } from '@grants/domain';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/stream-commands.service';

/** 保険者の登録・訂正 (national administrators): upsert by code; unchanged rows store nothing. */
export class RegisterInsurers extends Command<CommandOutcome> {
  constructor(
    readonly fiscalYear: string,
    readonly insurers: readonly RegisteredInsurer[],
    readonly context: CommandContext,
  ) {
    super();
  }
}
