import { Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiQuery } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../auth/auth.decorators';
import { FiscalYearPipe } from '../../common/path-params';
import { CalculationsController } from '../calculations-path';
import { GetCalculationReport } from './get-calculation-report.query';
import { ReportEncodingPipe, ReportFormatPipe } from './get-calculation-report.request';
import type { ReportEncoding, ReportFormat } from './get-calculation-report.request';

@CalculationsController()
export class GetCalculationReportController {
  constructor(private readonly queryBus: QueryBus) {}

  /**
   * 交付額一覧 in the published shapes: CSV (UTF-8 with BOM, or Shift_JIS with ?encoding=shift_jis) or XLSX, amounts
   * in 千円, Japanese headers, of the amounts in force (X-Calculation names which calculation that is).
   */
  @Get('report')
  @Roles('national-admin', 'national-reviewer', 'auditor')
  @ApiQuery({ name: 'format', required: false, enum: ['csv', 'xlsx'] })
  @ApiQuery({ name: 'encoding', required: false, enum: ['utf-8', 'shift_jis'] })
  async report(
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: string,
    @Query('format', ReportFormatPipe) format: ReportFormat,
    @Query('encoding', ReportEncodingPipe) encoding: ReportEncoding,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const file = await this.queryBus.execute(new GetCalculationReport(fiscalYear, format, encoding));
    response.setHeader('X-Calculation', encodeURIComponent(file.label));
    response.setHeader('Content-Type', file.contentType);
    response.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
    return new StreamableFile(file.body);
  }
}
