import { Body, Controller, Param, Put, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../auth/auth.decorators';
import { CommandMeta } from '../../commands/command-context';
import type { CommandContext } from '../../commands/command-context';
import { receipt } from '../../commands/command-response';
import { FiscalYearPipe, IndicatorIdPipe } from '../../common/path-params';
import { RecordNationalFigures } from './record-national-figures.command';
import { RecordNationalFiguresRequest } from './record-national-figures.request';

@ApiTags('national-review 国の審査')
@ApiBearerAuth()
@Controller('fiscal-years/:fiscalYear/national-figures')
export class RecordNationalFiguresController {
  constructor(private readonly commandBus: CommandBus) {}

  /** 国による数値評価: the figures of one activity or outcome indicator for every insurer (replaces earlier ones). */
  @Put(':indicatorId')
  @Roles('national-reviewer', 'national-admin')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async record(
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: string,
    @Param('indicatorId', IndicatorIdPipe) indicatorId: string,
    @Body() body: RecordNationalFiguresRequest,
    @CommandMeta() meta: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const figures = body.figures.map(({ code, value }) => ({ code, value: value ?? null }));
    const { version } = receipt(response, await this.commandBus.execute(new RecordNationalFigures(fiscalYear, indicatorId, figures, meta)));
    return { fiscalYear, indicatorId, count: figures.length, version };
  }
}
