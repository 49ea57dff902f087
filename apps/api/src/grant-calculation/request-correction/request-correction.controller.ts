import { Body, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Roles } from '../../auth/auth.decorators';
import { CommandMeta } from '../../commands/command-context';
import type { CommandContext } from '../../commands/command-context';
import { FiscalYearPipe } from '../../common/path-params';
import { CalculationsController } from '../calculations-path';
import { RequestScoreCorrection } from './request-correction.command';
import { ScoreCorrectionRequest } from './request-correction.request';

@CalculationsController()
export class RequestCorrectionController {
  constructor(private readonly commandBus: CommandBus) {}

  /** 訂正の起案 of a grant score after finalization (reason required); a second national administrator approves it by its id. */
  @Post('score-corrections')
  @HttpCode(200)
  @Roles('national-admin')
  async request(@Param('fiscalYear', FiscalYearPipe) fiscalYear: string, @Body() body: ScoreCorrectionRequest, @CommandMeta() meta: CommandContext) {
    const { level, code, grant, score, reason } = body;
    const { requested, version } = await this.commandBus.execute(new RequestScoreCorrection(fiscalYear, { level, code, grant, score, reason }, meta));
    return { fiscalYear, status: 'pending', ...requested, version: version.toString() };
  }
}
