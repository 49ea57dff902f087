import { Command } from '@nestjs/cqrs';
import type { NationalFigure } from '@grants/domain';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/stream-commands.service';

/** 国による数値評価: the figures of one activity or outcome indicator, for every insurer or every prefecture. */
export class RecordNationalFigures extends Command<CommandOutcome> {
  constructor(
    readonly fiscalYear: string,
    readonly indicatorId: string,
    readonly figures: readonly NationalFigure[],
    readonly context: CommandContext,
  ) {
    super();
  }
}
