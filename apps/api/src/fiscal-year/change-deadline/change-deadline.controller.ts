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
import { ChangeDeadline } from './change-deadline.command';
import { ChangeDeadlineRequest } from './change-deadline.request';

@FiscalYearController()
export class ChangeDeadlineController {
  constructor(private readonly commandBus: CommandBus) {}

  /** 期限の延長・繰上げ (national administrators): one deadline moved, with a reason kept in the year's history. */
  @Post(':fiscalYear/deadlines')
  @HttpCode(200)
  @Roles('national-admin')
  @ApiHeader({ name: 'If-Match', required: false, description: '取得時の版（ETag）' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async change(
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: string,
    @Body() body: ChangeDeadlineRequest,
    @CommandMeta() meta: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const outcome = await this.commandBus.execute(new ChangeDeadline(fiscalYear, body.deadline, body.dueAt, body.reason, meta));
    return { fiscalYear, deadline: body.deadline, ...receipt(response, outcome) };
  }
}
