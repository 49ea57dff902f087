import { HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { Roles } from '../../auth/auth.decorators';
import { CommandMeta } from '../../commands/command-context';
import type { CommandContext } from '../../commands/command-context';
import { receipt } from '../../commands/command-response';
import { FiscalYearPipe, InsurerCodePipe } from '../../common/path-params';
import { SubmissionController } from '../submission-path';
import { SubmitSubmission } from './submit-submission.command';

@SubmissionController()
export class SubmitSubmissionController {
  constructor(private readonly commandBus: CommandBus) {}

  /** 提出 (insurer, or its prefecture on its behalf). */
  @Post('submit')
  @HttpCode(200)
  @Roles('insurer', 'prefecture', 'national-admin')
  async submit(
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: string,
    @Param('insurerCode', InsurerCodePipe) insurerCode: string,
    @CommandMeta() meta: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const outcome = await this.commandBus.execute(new SubmitSubmission(fiscalYear, insurerCode, meta));
    return { fiscalYear, insurerCode, ...receipt(response, outcome) };
  }
}
