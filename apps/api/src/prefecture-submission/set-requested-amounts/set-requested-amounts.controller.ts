import { Body, Param, Put, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { Roles } from '../../auth/auth.decorators';
import { CommandMeta } from '../../commands/command-context';
import type { CommandContext } from '../../commands/command-context';
import { receipt } from '../../commands/command-response';
import { FiscalYearPipe, PrefectureCodePipe } from '../../common/path-params';
import { PrefectureSubmissionController } from '../prefecture-submission-path';
import { SetRequestedAmounts } from './set-requested-amounts.command';
import { SetRequestedAmountsRequest } from './set-requested-amounts.request';

@PrefectureSubmissionController()
export class SetRequestedAmountsController {
  constructor(private readonly commandBus: CommandBus) {}

  /** 所要見込額 per grant. */
  @Put('requested-amounts')
  @Roles('prefecture', 'national-admin')
  async set(
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: string,
    @Param('prefectureCode', PrefectureCodePipe) prefectureCode: string,
    @Body() { suishinYen, shienYen }: SetRequestedAmountsRequest,
    @CommandMeta() meta: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const outcome = await this.commandBus.execute(new SetRequestedAmounts(fiscalYear, prefectureCode, { suishinYen, shienYen }, meta));
    return { fiscalYear, prefectureCode, ...receipt(response, outcome) };
  }
}
