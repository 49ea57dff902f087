import { Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiQuery } from '@nestjs/swagger';
import { diffCsvLines } from '@grants/domain';
import type { Response } from 'express';
import { FiscalYearPipe } from '../../common/path-params';
import { AllQuery, CalculationRefPipe, DiffFormatPipe } from '../audit-params';
import { AuditController } from '../audit-path';
import { DiffCalculations } from './diff-calculations.query';

@AuditController()
export class DiffCalculationsController {
  constructor(private readonly queryBus: QueryBus) {}

  /** 比較: two calculations (or the amounts in force at two points of the log) side by side, per pool and recipient. */
  @Get('fiscal-years/:fiscalYear/diff')
  @ApiQuery({ name: 'from', required: false, description: 'trial:<n> | final | recalculation:<n> | latest | in-force | @<position> | @<ISO time> (default final)' })
  @ApiQuery({ name: 'to', required: false, description: 'same forms (default in-force)' })
  @ApiQuery({ name: 'all', required: false, type: Boolean, description: 'true: also recipients whose amount did not change' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  async diff(
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: string,
    @Query('from', new CalculationRefPipe('from', 'final')) from: string,
    @Query('to', new CalculationRefPipe('to', 'in-force')) to: string,
    @AllQuery() all: boolean,
    @Query('format', DiffFormatPipe) format: 'json' | 'csv',
    @Res({ passthrough: true }) response: Response,
  ) {
    const diff = await this.queryBus.execute(new DiffCalculations(fiscalYear, from, to, all));
    if (format === 'json') return diff;
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="diff-${fiscalYear}.csv"`);
    return `\uFEFF${diffCsvLines(diff).join('\r\n')}\r\n`;
  }
}
