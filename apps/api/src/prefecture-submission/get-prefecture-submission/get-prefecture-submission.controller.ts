import { Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiQuery } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/auth.decorators';
import { FiscalYearPipe, PrefectureCodePipe } from '../../common/path-params';
import { PrefectureSubmissionController } from '../prefecture-submission-path';
import { GetPrefectureSubmission } from './get-prefecture-submission.query';

@PrefectureSubmissionController()
export class GetPrefectureSubmissionController {
  constructor(private readonly queryBus: QueryBus) {}

  /** The prefecture's own self-evaluation with its status, answers, corrections and 所要見込額. */
  @Get()
  @ApiQuery({ name: 'asOf', required: false, description: 'global position or ISO time: the submission as it stood then' })
  async get(
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: string,
    @Param('prefectureCode', PrefectureCodePipe) prefectureCode: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ) {
    const view = await this.queryBus.execute(new GetPrefectureSubmission(fiscalYear, prefectureCode, actor));
    response.setHeader('ETag', `"${view.version}"`);
    return view;
  }
}
