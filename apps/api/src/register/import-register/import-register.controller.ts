import { Body, Headers, Param, Put, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiConsumes, ApiQuery } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../../auth/actor';
import { CurrentActor, Roles } from '../../auth/auth.decorators';
import { FiscalYearPipe } from '../../common/path-params';
import { insurersChanged, RegisterController } from '../register-path';
import { ImportRegister } from './import-register.command';
import { CSV_ENCODINGS, csvBytes, csvEncoding } from './import-register.request';

@RegisterController()
export class ImportRegisterController {
  constructor(private readonly commandBus: CommandBus) {}

  /**
   * 保険者名簿の CSV 取込: 保険者番号, 保険者名, [都道府県コード], 第1号被保険者数 (UTF-8 with or without BOM, or
   * Shift_JIS). All or nothing: any bad row refuses the file with every problem by line and column. Re-sending the same
   * file is recognised by its SHA-256 and stores nothing.
   */
  @Put('import')
  @Roles('national-admin')
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiQuery({ name: 'encoding', required: false, enum: CSV_ENCODINGS })
  async importCsv(
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: string,
    @Body() body: unknown,
    @Query('encoding') encoding: string | undefined,
    @Query('fileName') fileName: string | undefined,
    @CurrentActor() actor: Actor,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const imported = await this.commandBus.execute(new ImportRegister(fiscalYear, csvBytes(body), csvEncoding(encoding), fileName, actor, ifMatch));
    const { outcome } = imported;
    response.setHeader('ETag', `"${outcome.version}"`);
    const changed = outcome.idempotentReplay ? 0 : insurersChanged(outcome);
    return { fiscalYear, rows: imported.rows, changed, encoding: imported.encoding, sha256: imported.sha256, idempotentReplay: outcome.idempotentReplay, version: outcome.version.toString() };
  }
}
