import { HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { Roles } from '../../auth/auth.decorators';
import { CommandMeta } from '../../commands/command-context';
import type { CommandContext } from '../../commands/command-context';
import { FiscalYearPipe } from '../../common/path-params';
import { CalculationsController } from '../calculations-path';
import { RunTrialCalculation } from './run-trial-calculation.command';

@CalculationsController()
export class RunTrialCalculationController {
  constructor(private readonly commandBus: CommandBus) {}

  /** 試算: divides the four pools from the recorded scores, the register and the 所要見込額. Many trials are allowed. */
  @Post('trials')
  @HttpCode(201)
  @Roles('national-admin')
  async trial(@Param('fiscalYear', FiscalYearPipe) fiscalYear: string, @CommandMeta() meta: CommandContext, @Res({ passthrough: true }) response: Response) {
    const { trial, version } = await this.commandBus.execute(new RunTrialCalculation(fiscalYear, meta));
    response.setHeader('ETag', `"${version}"`);
    const pools = trial.pools.map(({ pool, poolYen, placedYen, unallocatedYen }) => ({ pool, poolYen, placedYen, unallocatedYen }));
    return { fiscalYear, trialNumber: trial.trialNumber, inputsSha256: trial.inputsSha256, pools, version: version.toString() };
  }
}
