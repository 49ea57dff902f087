import { HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Roles } from '../../auth/auth.decorators';
import { CommandMeta } from '../../commands/command-context';
import type { CommandContext } from '../../commands/command-context';
import { FiscalYearPipe } from '../../common/path-params';
import { CalculationsController } from '../calculations-path';
import { Recalculate } from './recalculate.command';

@CalculationsController()
export class RecalculateController {
  constructor(private readonly commandBus: CommandBus) {}

  /** 再算定 with the corrections: per recipient, the finalized amount, the new one and the difference to pay or recover. */
  @Post('recalculations')
  @HttpCode(201)
  @Roles('national-admin')
  async recalculate(@Param('fiscalYear', FiscalYearPipe) fiscalYear: string, @CommandMeta() meta: CommandContext) {
    const { recalculation, version } = await this.commandBus.execute(new Recalculate(fiscalYear, meta));
    const { recalculationNumber, finalTrialNumber, differences } = recalculation;
    return { fiscalYear, recalculationNumber, finalTrialNumber, differences, version: version.toString() };
  }
}
