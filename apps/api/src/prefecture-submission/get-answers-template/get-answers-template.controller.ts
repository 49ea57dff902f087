import { Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiQuery } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../../auth/actor';
import { CurrentActor, Roles } from '../../auth/auth.decorators';
import { FiscalYearPipe, PrefectureCodePipe } from '../../common/path-params';
import { PrefectureSubmissionController } from '../prefecture-submission-path';
import { GetAnswersTemplate } from './get-answers-template.query';
import { TemplateEncodingPipe, TemplateFormatPipe } from './get-answers-template.request';
import type { TemplateEncoding, TemplateFormat } from './get-answers-template.request';

@PrefectureSubmissionController()
export class GetAnswersTemplateController {
  constructor(private readonly queryBus: QueryBus) {}

  /**
   * 回答テンプレート for the prefecture's municipalities (保険者番号, 保険者名, 指標ID, 指標, 選択できる値, 回答, 備考),
   * with their current answers (or as of `?asOf=`): filled in, it goes back through POST …/answers-import.
   */
  @Get('answers-template')
  @Roles('prefecture', 'national-admin', 'national-reviewer', 'auditor')
  @ApiQuery({ name: 'format', required: false, enum: ['csv', 'xlsx'] })
  @ApiQuery({ name: 'encoding', required: false, enum: ['utf-8', 'shift_jis'] })
  @ApiQuery({ name: 'asOf', required: false, description: 'global position or ISO time: the answers as they stood then' })
  async template(
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: string,
    @Param('prefectureCode', PrefectureCodePipe) prefectureCode: string,
    @Query('format', TemplateFormatPipe) format: TemplateFormat,
    @Query('encoding', TemplateEncodingPipe) encoding: TemplateEncoding,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const file = await this.queryBus.execute(new GetAnswersTemplate(fiscalYear, prefectureCode, format, encoding, actor));
    response.setHeader('Content-Type', file.contentType);
    response.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
    return new StreamableFile(file.body);
  }
}
