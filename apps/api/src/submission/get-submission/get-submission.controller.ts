import { Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiQuery } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/auth.decorators';
import { FiscalYearPipe, InsurerCodePipe } from '../../common/path-params';
import { SubmissionController } from '../submission-path';
import { GetSubmission } from './get-submission.query';

@SubmissionController()
export class GetSubmissionController {
  constructor(private readonly queryBus: QueryBus) {}

  /** The submission with its status, answers, review corrections and history (who, role, when, why). */
  @Get()
  @ApiQuery({ name: 'asOf', required: false, description: 'global position or ISO time: the submission as it stood then' })
  async get(
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: string,
    @Param('insurerCode', InsurerCodePipe) insurerCode: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ) {
    const view = await this.queryBus.execute(new GetSubmission(fiscalYear, insurerCode, actor));
    response.setHeader('ETag', `"${view.version}"`);
    return view;
  }
}
