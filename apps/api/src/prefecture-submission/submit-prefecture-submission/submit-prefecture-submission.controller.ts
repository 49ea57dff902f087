import { HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { Roles } from '../../auth/auth.decorators';
import { CommandMeta } from '../../commands/command-context';
import type { CommandContext } from '../../commands/command-context';
import { receipt } from '../../commands/command-response';
import { FiscalYearPipe, PrefectureCodePipe } from '../../common/path-params';
import { PrefectureSubmissionController } from '../prefecture-submission-path';
import { SubmitPrefectureSubmission } from './submit-prefecture-submission.command';

@PrefectureSubmissionController()
export class SubmitPrefectureSubmissionController {
  constructor(private readonly commandBus: CommandBus) {}

  /** 提出. */
  @Post('submit')
  @HttpCode(200)
  @Roles('prefecture', 'national-admin')
  async submit(
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: string,
    @Param('prefectureCode', PrefectureCodePipe) prefectureCode: string,
    @CommandMeta() meta: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const outcome = await this.commandBus.execute(new SubmitPrefectureSubmission(fiscalYear, prefectureCode, meta));
    return { fiscalYear, prefectureCode, ...receipt(response, outcome) };
  }
}
