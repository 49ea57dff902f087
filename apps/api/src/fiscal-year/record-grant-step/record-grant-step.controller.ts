import { Body, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../auth/auth.decorators';
import { CommandMeta } from '../../commands/command-context';
import type { CommandContext } from '../../commands/command-context';
import { receipt } from '../../commands/command-response';
import { FiscalYearPipe } from '../../common/path-params';
import { FiscalYearController } from '../fiscal-year-path';
import { RecordGrantStep } from './record-grant-step.command';
import { RecordGrantStepRequest } from './record-grant-step.request';

@FiscalYearController()
export class RecordGrantStepController {
  constructor(private readonly commandBus: CommandBus) {}

  /** 確定後の手続 (national administrators): one step of the year recorded with its date and reason, in order. */
  @Post(':fiscalYear/grant-steps')
  @HttpCode(200)
  @Roles('national-admin')
  @ApiHeader({ name: 'If-Match', required: false, description: '取得時の版（ETag）' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async record(
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: string,
    @Body() body: RecordGrantStepRequest,
    @CommandMeta() meta: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const outcome = await this.commandBus.execute(new RecordGrantStep(fiscalYear, body.step, body.date, body.reason, meta));
    return { fiscalYear, step: body.step, ...receipt(response, outcome) };
  }
}
