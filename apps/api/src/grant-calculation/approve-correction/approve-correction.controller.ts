import { HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Roles } from '../../auth/auth.decorators';
import { CommandMeta } from '../../commands/command-context';
import type { CommandContext } from '../../commands/command-context';
import { FiscalYearPipe } from '../../common/path-params';
import { CalculationsController } from '../calculations-path';
import { ApproveScoreCorrection } from './approve-correction.command';

@CalculationsController()
export class ApproveCorrectionController {
  constructor(private readonly commandBus: CommandBus) {}

  /** 訂正の決裁 of one requested correction, by its id (`GET …/calculations/pending` lists them); not by its requester. */
  @Post('score-corrections/:correctionId/approval')
  @HttpCode(200)
  @Roles('national-admin')
  async approve(@Param('fiscalYear', FiscalYearPipe) fiscalYear: string, @Param('correctionId') correctionId: string, @CommandMeta() meta: CommandContext) {
    const { corrected, version } = await this.commandBus.execute(new ApproveScoreCorrection(fiscalYear, correctionId, meta));
    return { fiscalYear, ...corrected, version: version.toString() };
  }
}
