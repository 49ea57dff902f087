import { Body, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Roles } from '../../auth/auth.decorators';
import { CommandMeta } from '../../commands/command-context';
import type { CommandContext } from '../../commands/command-context';
import { FiscalYearPipe } from '../../common/path-params';
import { CalculationsController } from '../calculations-path';
import { CorrectScore } from './correct-score.command';
import { ScoreCorrectionRequest } from './correct-score.request';

@CalculationsController()
export class CorrectScoreController {
  constructor(private readonly commandBus: CommandBus) {}

  /** 訂正 of a grant score after finalization (reason required); amounts change only through a recalculation. */
  @Post('score-corrections')
  @HttpCode(200)
  @Roles('national-admin')
  async correct(@Param('fiscalYear', FiscalYearPipe) fiscalYear: string, @Body() body: ScoreCorrectionRequest, @CommandMeta() meta: CommandContext) {
    const { level, code, grant, score } = body;
    const outcome = await this.commandBus.execute(new CorrectScore(fiscalYear, { level, code, grant, score }, meta));
    return { fiscalYear, level, code, grant, score, version: outcome.version.toString() };
  }
}
