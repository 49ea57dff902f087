import { Body, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { Roles } from '../../auth/auth.decorators';
import { CommandMeta } from '../../commands/command-context';
import type { CommandContext } from '../../commands/command-context';
import { receipt } from '../../commands/command-response';
import { FiscalYearPipe, InsurerCodePipe } from '../../common/path-params';
import { SubmissionController } from '../../submission/submission-path';
import { ReviewAnswer } from './review-answer.command';
import { ReviewAnswerRequest, reviewOf } from './review-answer.request';

@SubmissionController()
export class ReviewAnswerController {
  constructor(private readonly commandBus: CommandBus) {}

  /** 国の審査: accept an answer, or correct it with a reason. */
  @Post('reviews')
  @HttpCode(200)
  @Roles('national-reviewer', 'national-admin')
  async review(
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: string,
    @Param('insurerCode', InsurerCodePipe) insurerCode: string,
    @Body() body: ReviewAnswerRequest,
    @CommandMeta() meta: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const outcome = await this.commandBus.execute(new ReviewAnswer(fiscalYear, insurerCode, reviewOf(body), meta));
    return { fiscalYear, insurerCode, ...receipt(response, outcome) };
  }
}
