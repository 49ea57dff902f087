import { Body, Param, Put, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { Roles } from '../../auth/auth.decorators';
import { CommandMeta } from '../../commands/command-context';
import type { CommandContext } from '../../commands/command-context';
import { receipt } from '../../commands/command-response';
import { FiscalYearPipe, InsurerCodePipe } from '../../common/path-params';
import { SubmissionController } from '../submission-path';
import { RequestAmounts } from './request-amounts.command';
import { RequestAmountsRequest } from './request-amounts.request';

@SubmissionController()
export class RequestAmountsController {
  constructor(private readonly commandBus: CommandBus) {}

  /** 所要見込額 per grant after 内示 (insurer, or its prefecture on its behalf). */
  @Put('requested-amounts')
  @Roles('insurer', 'prefecture')
  async request(
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: string,
    @Param('insurerCode', InsurerCodePipe) insurerCode: string,
    @Body() { suishinYen, shienYen }: RequestAmountsRequest,
    @CommandMeta() meta: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const outcome = await this.commandBus.execute(new RequestAmounts(fiscalYear, insurerCode, { suishinYen, shienYen }, meta));
    return { fiscalYear, insurerCode, ...receipt(response, outcome) };
  }
}
