import { Command } from '@nestjs/cqrs';
import type { GrantId } from '@grants/domain';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/stream-commands.service';

export interface ScoreCorrection {
  readonly level: 'municipal' | 'prefectural';
  /** 保険者番号 (municipal) or 都道府県コード (prefectural). */
  readonly code: string;
  readonly grant: GrantId;
  readonly score: number;
}

/** 訂正 of one grant score after finalization (the reason is in the context); amounts change only through a recalculation. */
export class CorrectScore extends Command<CommandOutcome> {
  constructor(
    readonly fiscalYear: string,
    readonly correction: ScoreCorrection,
    readonly context: CommandContext,
  ) {
    super();
  }
}
