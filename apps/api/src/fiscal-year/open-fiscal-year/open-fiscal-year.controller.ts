import { Body, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../auth/auth.decorators';
import { CommandMeta } from '../../commands/command-context';
import type { CommandContext } from '../../commands/command-context';
import { receipt } from '../../commands/command-response';
import { FiscalYearController } from '../fiscal-year-path';
import { OpenFiscalYear } from './open-fiscal-year.command';
import { OpenFiscalYearRequest, yearOpening } from './open-fiscal-year.request';

@FiscalYearController()
export class OpenFiscalYearController {
  constructor(private readonly commandBus: CommandBus) {}

  /** 年度の開始: pools, frameworks, deadlines and the allocation rule version (national administrators). */
  @Post()
  @Roles('national-admin')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async open(@Body() body: OpenFiscalYearRequest, @CommandMeta() meta: CommandContext, @Res({ passthrough: true }) response: Response) {
    const outcome = await this.commandBus.execute(new OpenFiscalYear(yearOpening(body), meta));
    // A retried creation answers exactly as the first delivery did (201); the body says it was a replay.
    return { fiscalYear: body.fiscalYear, ...receipt(response.status(201), outcome) };
  }
}
