import { Body, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { Roles } from '../../auth/auth.decorators';
import { CommandMeta } from '../../commands/command-context';
import type { CommandContext } from '../../commands/command-context';
import { receipt } from '../../commands/command-response';
import { FiscalYearPipe, InsurerCodePipe } from '../../common/path-params';
import { SubmissionController } from '../submission-path';
import { ReturnSubmission } from './return-submission.command';
import { ReturnSubmissionRequest } from './return-submission.request';

@SubmissionController()
export class ReturnSubmissionController {
  constructor(private readonly commandBus: CommandBus) {}

  /** 差戻し: the prefecture (or the ministry) sends a submitted self-evaluation back, with a reason. */
  @Post('return')
  @HttpCode(200)
  @Roles('prefecture', 'national-admin')
  async sendBack(
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: string,
    @Param('insurerCode', InsurerCodePipe) insurerCode: string,
    @Body() body: ReturnSubmissionRequest,
    @CommandMeta() meta: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const outcome = await this.commandBus.execute(new ReturnSubmission(fiscalYear, insurerCode, body.reason, meta, body.reopenUntil));
    return { fiscalYear, insurerCode, ...receipt(response, outcome) };
  }
}
