import { Body, Param, Put, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { Roles } from '../../auth/auth.decorators';
import { CommandMeta } from '../../commands/command-context';
import type { CommandContext } from '../../commands/command-context';
import { receipt } from '../../commands/command-response';
import { FiscalYearPipe, InsurerCodePipe } from '../../common/path-params';
import { parseAnswers } from '../answers';
import { SubmissionController } from '../submission-path';
import { SaveAnswers } from './save-answers.command';
import { SaveAnswersRequest } from './save-answers.request';

@SubmissionController()
export class SaveAnswersController {
  constructor(private readonly commandBus: CommandBus) {}

  /** 回答の保存・修正 (insurer, or its prefecture on its behalf), until the deadline. */
  @Put('answers')
  @Roles('insurer', 'prefecture', 'national-admin')
  async save(
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: string,
    @Param('insurerCode', InsurerCodePipe) insurerCode: string,
    @Body() body: SaveAnswersRequest,
    @CommandMeta() meta: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const outcome = await this.commandBus.execute(new SaveAnswers(fiscalYear, insurerCode, parseAnswers(body.answers), meta));
    return { fiscalYear, insurerCode, ...receipt(response, outcome) };
  }
}
