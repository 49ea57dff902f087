import { Body, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FinalizationRequested } from '@grants/domain';
import { Roles } from '../../auth/auth.decorators';
import { CommandMeta } from '../../commands/command-context';
import type { CommandContext } from '../../commands/command-context';
import type { CommandOutcome } from '../../commands/stream-commands.service';
import { FiscalYearPipe } from '../../common/path-params';
import { CalculationsController } from '../calculations-path';
import { decidedData } from '../calculation-outcome';
import { RequestFinalization } from './request-finalization.command';
import { FinalizationRequest } from './request-finalization.request';

@CalculationsController()
export class RequestFinalizationController {
  constructor(private readonly commandBus: CommandBus) {}

  /** 確定の起案 of the latest trial, or in a settlement year (mhlw-fy2024-v1) of the settlement under the requests (national administrator A). */
  @Post('finalization-request')
  @HttpCode(200)
  @Roles('national-admin')
  async request(@Param('fiscalYear', FiscalYearPipe) fiscalYear: string, @Body() body: FinalizationRequest, @CommandMeta() meta: CommandContext) {
    const outcome = await this.commandBus.execute(new RequestFinalization(fiscalYear, body.trialNumber, meta));
    return { fiscalYear, trialNumber: requestedTrial(outcome) ?? body.trialNumber, requestedBy: meta.actor.actorId, version: outcome.version.toString() };
  }
}

/** The trial the request names, as decided (a settlement year's is the settlement trial recorded with it). */
function requestedTrial(outcome: CommandOutcome): number | undefined {
  return decidedData<FinalizationRequested>(outcome, 'FinalizationRequested')?.trialNumber;
}
