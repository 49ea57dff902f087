import { Body, Controller, Headers, Param, Put, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../../auth/actor';
import { CurrentActor, Roles } from '../../auth/auth.decorators';
import { FiscalYearPipe } from '../../common/path-params';
import { ImportNationalFigures } from './import-national-figures.command';
import type { FiguresFileEncoding } from './import-national-figures.command';
import { FiguresEncodingPipe, FiguresFilePipe, XLSX_CONTENT_TYPE } from './import-national-figures.request';

@ApiTags('national-review 国の審査')
@ApiBearerAuth()
@Controller('fiscal-years/:fiscalYear/national-figures')
export class ImportNationalFiguresController {
  constructor(private readonly commandBus: CommandBus) {}

  /**
   * 国の数値の一括取込 (CSV or XLSX): 保険者番号, 指標ID, 数値 (long), or 保険者番号 and one column per 指標ID (wide).
   * All or nothing, every problem by line and column; re-sending the same file records nothing twice.
   */
  @Put('import')
  @Roles('national-reviewer', 'national-admin')
  @ApiConsumes('text/csv', XLSX_CONTENT_TYPE)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiQuery({ name: 'encoding', required: false, enum: ['auto', 'utf-8', 'shift_jis'] })
  async import(
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: string,
    @Body(FiguresFilePipe) file: Buffer,
    @Query('encoding', FiguresEncodingPipe) encoding: FiguresFileEncoding,
    @CurrentActor() actor: Actor,
    @Headers('x-request-id') requestId: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const imported = await this.commandBus.execute(new ImportNationalFigures(fiscalYear, file, encoding, actor, requestId));
    response.setHeader('ETag', `"${imported.version}"`);
    return { fiscalYear, ...imported };
  }
}
