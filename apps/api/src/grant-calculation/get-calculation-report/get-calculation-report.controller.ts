import { Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiQuery } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../auth/auth.decorators';
import { FiscalYearPipe } from '../../common/path-params';
import { CalculationsController } from '../calculations-path';
import { GetCalculationReport } from './get-calculation-report.query';
import { CalculationRefPipe, ReportEncodingPipe, ReportFormatPipe } from './get-calculation-report.request';
import type { ReportEncoding, ReportFormat } from './get-calculation-report.request';

@CalculationsController()
export class GetCalculationReportController {
  constructor(private readonly queryBus: QueryBus) {}

  /**
   * 交付額一覧 as offices file them: CSV (UTF-8 with BOM, or Shift_JIS with ?encoding=shift_jis) or XLSX, 推進 / 支援 /
   * 合計 per recipient in whole 千円, of the amounts in force or of ?calculation= (X-Calculation names which one).
   */
  @Get('report')
  @Roles('national-admin', 'national-reviewer', 'auditor')
  @ApiQuery({ name: 'format', required: false, enum: ['csv', 'xlsx'] })
  @ApiQuery({ name: 'encoding', required: false, enum: ['utf-8', 'shift_jis'] })
  @ApiQuery({ name: 'calculation', required: false, description: 'trial:N, final or recalculation:N; default: the calculation in force' })
  async report(
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: string,
    @Query('format', ReportFormatPipe) format: ReportFormat,
    @Query('encoding', ReportEncodingPipe) encoding: ReportEncoding,
    @Query('calculation', CalculationRefPipe) calculation: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const file = await this.queryBus.execute(new GetCalculationReport(fiscalYear, format, encoding, calculation));
    response.setHeader('X-Calculation', encodeURIComponent(file.label));
    response.setHeader('Content-Type', file.contentType);
    response.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
    return new StreamableFile(file.body);
  }
}
