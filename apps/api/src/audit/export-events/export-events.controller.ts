import { Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiProduces, ApiQuery } from '@nestjs/swagger';
import type { Response } from 'express';
import { OptionalFiscalYearPipe } from '../audit-params';
import { AuditController } from '../audit-path';
import { ExportEvents } from './export-events.query';

@AuditController()
export class ExportEventsController {
  constructor(private readonly queryBus: QueryBus) {}

  /** 記録の書出し: the log (or one fiscal year's events) as NDJSON, as `cli export` writes it, for offline verification and `cli import`. */
  @Get('export')
  @ApiQuery({ name: 'fiscalYear', required: false, type: String, description: 'only this fiscal year (FY2024); the whole log without' })
  @ApiProduces('application/x-ndjson')
  async export(@Query('fiscalYear', OptionalFiscalYearPipe) fiscalYear: string | undefined, @Res() response: Response): Promise<void> {
    const lines = await this.queryBus.execute(new ExportEvents(fiscalYear));
    response.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="events-${fiscalYear ?? 'all'}.ndjson"`);
    try {
      for await (const chunk of lines) {
        if (!response.write(chunk)) await new Promise((drained) => response.once('drain', drained));
      }
      response.end();
    } catch (error) {
      // The status line has gone: a cut-off file lacks its trailer, which `cli import` refuses.
      response.destroy(error as Error);
    }
  }
}
