import { HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Roles } from '../../auth/auth.decorators';
import { CommandMeta } from '../../commands/command-context';
import type { CommandContext } from '../../commands/command-context';
import { FiscalYearPipe } from '../../common/path-params';
import { CalculationsController } from '../calculations-path';
import { ApproveFinalization } from './approve-finalization.command';

@CalculationsController()
export class ApproveFinalizationController {
  constructor(private readonly commandBus: CommandBus) {}

  /** 決裁: a second national administrator approves; the amounts are then frozen. */
  @Post('finalization-approval')
  @HttpCode(200)
  @Roles('national-admin')
  async approve(@Param('fiscalYear', FiscalYearPipe) fiscalYear: string, @CommandMeta() meta: CommandContext) {
    const { finalized, version } = await this.commandBus.execute(new ApproveFinalization(fiscalYear, meta));
    return { fiscalYear, trialNumber: finalized?.trialNumber ?? null, requestedBy: finalized?.requestedBy ?? null, approvedBy: meta.actor.actorId, version: version.toString() };
  }
}
