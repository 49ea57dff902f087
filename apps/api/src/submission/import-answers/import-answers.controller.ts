import { Body, Controller, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../auth/actor';
import { CurrentActor, Roles } from '../../auth/auth.decorators';
import { FiscalYearPipe, PrefectureCodePipe } from '../../common/path-params';
import { ImportAnswers } from './import-answers.command';
import type { CsvEncodingOption } from './import-answers.command';
import { CsvEncodingPipe, CsvFilePipe } from './import-answers.request';
import { XLSX_CONTENT_TYPE } from '../../national-review/import-national-figures/import-national-figures.request';

@ApiTags('submissions 自己評価')
@ApiBearerAuth()
@Controller('fiscal-years/:fiscalYear/prefectures/:prefectureCode/answers-import')
export class ImportAnswersController {
  constructor(private readonly commandBus: CommandBus) {}

  /**
   * 自己評価の一括取込 for a prefecture's municipalities (保険者番号, 指標ID, 回答, [備考]), as CSV (`?encoding=`) or as the
   * answers template's workbook (XLSX, its first sheet; `encoding` is not used). Nothing is stored unless
   * every insurer's answers can be; re-sending the same file (after a lost connection) stores only what is missing.
   */
  @Post()
  @HttpCode(200)
  @Roles('prefecture', 'national-admin')
  @ApiConsumes('text/csv', XLSX_CONTENT_TYPE)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiQuery({ name: 'encoding', required: false, enum: ['auto', 'utf-8', 'shift_jis'] })
  async import(
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: string,
    @Param('prefectureCode', PrefectureCodePipe) prefectureCode: string,
    @Body(CsvFilePipe) file: Buffer,
    @Query('encoding', CsvEncodingPipe) encoding: CsvEncodingOption,
    @CurrentActor() actor: Actor,
  ) {
    const imported = await this.commandBus.execute(new ImportAnswers(fiscalYear, prefectureCode, file, encoding, actor));
    return { fiscalYear, prefectureCode, ...imported };
  }
}
