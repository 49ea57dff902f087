import { Body, Param, Put, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { Roles } from '../../auth/auth.decorators';
import { CommandMeta } from '../../commands/command-context';
import type { CommandContext } from '../../commands/command-context';
import { receipt } from '../../commands/command-response';
import { FiscalYearPipe, PrefectureCodePipe } from '../../common/path-params';
import { parseAnswers } from '../../submission/answers';
import { PrefectureSubmissionController } from '../prefecture-submission-path';
import { SavePrefectureAnswers } from './save-prefecture-answers.command';
import { SavePrefectureAnswersRequest } from './save-prefecture-answers.request';

@PrefectureSubmissionController()
export class SavePrefectureAnswersController {
  constructor(private readonly commandBus: CommandBus) {}

  /** 都道府県の自己評価の保存. */
  @Put('answers')
  @Roles('prefecture', 'national-admin')
  async save(
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: string,
    @Param('prefectureCode', PrefectureCodePipe) prefectureCode: string,
    @Body() body: SavePrefectureAnswersRequest,
    @CommandMeta() meta: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const outcome = await this.commandBus.execute(new SavePrefectureAnswers(fiscalYear, prefectureCode, parseAnswers(body.answers), meta));
    return { fiscalYear, prefectureCode, ...receipt(response, outcome) };
  }
}
