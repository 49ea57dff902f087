import { Body, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { Roles } from '../../auth/auth.decorators';
import { CommandMeta } from '../../commands/command-context';
import type { CommandContext } from '../../commands/command-context';
import { receipt } from '../../commands/command-response';
import { FiscalYearPipe, PrefectureCodePipe } from '../../common/path-params';
import { PrefectureSubmissionController } from '../../prefecture-submission/prefecture-submission-path';
import { ReviewAnswerRequest, reviewOf } from '../review-answer/review-answer.request';
import { ReviewPrefectureAnswer } from './review-prefecture-answer.command';

@PrefectureSubmissionController()
export class ReviewPrefectureAnswerController {
  constructor(private readonly commandBus: CommandBus) {}

  /** 国の審査: accept one of the prefecture's answers, or correct it with a reason. */
  @Post('reviews')
  @HttpCode(200)
  @Roles('national-reviewer', 'national-admin')
  async review(
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: string,
    @Param('prefectureCode', PrefectureCodePipe) prefectureCode: string,
    @Body() body: ReviewAnswerRequest,
    @CommandMeta() meta: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const outcome = await this.commandBus.execute(new ReviewPrefectureAnswer(fiscalYear, prefectureCode, reviewOf(body), meta));
    return { fiscalYear, prefectureCode, ...receipt(response, outcome) };
  }
}
