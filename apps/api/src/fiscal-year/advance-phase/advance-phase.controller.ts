import { Body, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../auth/auth.decorators';
import { CommandMeta } from '../../commands/command-context';
import type { CommandContext } from '../../commands/command-context';
import { FiscalYearPipe } from '../../common/path-params';
import { FiscalYearController } from '../fiscal-year-path';
import { AdvancePhase } from './advance-phase.command';
import { AdvancePhaseRequest } from './advance-phase.request';

@FiscalYearController()
export class AdvancePhaseController {
  constructor(private readonly commandBus: CommandBus) {}

  /** フェーズを進める: one step forward, refused with the list of what is missing. */
  @Post(':fiscalYear/phase')
  @HttpCode(200)
  @Roles('national-admin')
  @ApiHeader({ name: 'If-Match', required: false, description: '取得時の版（ETag）' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async advance(
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: string,
    @Body() body: AdvancePhaseRequest,
    @CommandMeta() meta: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const outcome = await this.commandBus.execute(new AdvancePhase(fiscalYear, body.to, meta, body.requestsDueAt));
    response.setHeader('ETag', `"${outcome.version}"`);
    return { fiscalYear, phase: body.to, version: outcome.version.toString() };
  }
}
