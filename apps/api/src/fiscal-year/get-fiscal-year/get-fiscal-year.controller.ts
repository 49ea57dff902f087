import { Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { FiscalYearPipe } from '../../common/path-params';
import { FiscalYearController } from '../fiscal-year-path';
import { GetFiscalYear } from './get-fiscal-year.query';

@FiscalYearController()
export class GetFiscalYearController {
  constructor(private readonly queryBus: QueryBus) {}

  /** 年度の状態: phase, pools, deadlines, framework hashes; the ETag is the version for If-Match. */
  @Get(':fiscalYear')
  async get(@Param('fiscalYear', FiscalYearPipe) fiscalYear: string, @Res({ passthrough: true }) response: Response) {
    const view = await this.queryBus.execute(new GetFiscalYear(fiscalYear));
    response.setHeader('ETag', `"${view.version}"`);
    return view;
  }
}
