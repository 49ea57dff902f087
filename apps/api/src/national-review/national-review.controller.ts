import { Body, Controller, Get, Headers, Param, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsNumber, IsOptional, Matches, ValidateNested } from 'class-validator';
import type { Response } from 'express';
import { DomainError, nationalFiguresStreamId, numericIndicators, PREFECTURES, recordNationalFigures } from '@grants/domain';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { Clock } from '../commands/clock';
import { commandContext } from '../commands/command-context';
import { StreamCommands } from '../commands/stream-commands.service';
import { FiscalYearReader, nationalFiguresFold } from '../fiscal-year/fiscal-year.reader';

export class FigureDto {
  @ApiProperty({ example: '242055', description: '保険者番号（6桁）、都道府県分の指標は都道府県コード（2桁）' })
  @Matches(/^(\d{6}|\d{2})$/)
  code: string;

  @ApiProperty({ example: 0.42, nullable: true, description: '国の数値（不明は null）' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  value: number | null;
}

export class RecordFiguresRequest {
  @ApiProperty({ type: [FigureDto] })
  @ValidateNested({ each: true })
  @ArrayMaxSize(2000)
  @Type(() => FigureDto)
  figures: FigureDto[];
}

@ApiTags('national-review 国の審査')
@ApiBearerAuth()
@Controller('fiscal-years/:fiscalYear/national-figures')
export class NationalReviewController {
  constructor(
    private readonly commands: StreamCommands,
    private readonly reader: FiscalYearReader,
    private readonly clock: Clock,
  ) {}

  /** 国による数値評価: the figures of one activity or outcome indicator for every insurer (replaces earlier ones). */
  @Put(':indicatorId')
  @Roles('national-reviewer', 'national-admin')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async record(
    @Param('fiscalYear') fiscalYear: string,
    @Param('indicatorId') indicatorId: string,
    @Body() body: RecordFiguresRequest,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    if (!/^[A-Za-z0-9_.-]{1,60}$/.test(indicatorId)) {
      throw new DomainError('invalid', 'VALIDATION.INVALID_PATH', '指標IDが不正です。', 'Invalid indicator id.', 'indicatorId');
    }
    const year = await this.reader.openedYear(fiscalYear);
    // An indicator of the prefectural framework is measured for the 47 prefectures, any other for the insurers.
    const prefectural = numericIndicators(year.prefecturalFramework).some((indicator) => indicator.id === indicatorId);
    const framework = prefectural ? year.prefecturalFramework : year.municipalFramework;
    const registered = new Set(prefectural ? PREFECTURES.map((p) => p.code) : (await this.reader.register(fiscalYear)).insurers.keys());
    const context = commandContext(actor, `PUT /fiscal-years/${fiscalYear}/national-figures/${indicatorId}`, body, { idempotencyKey, ifMatch });
    const figures = body.figures.map((f) => ({ code: f.code, value: f.value ?? null }));
    const outcome = await this.commands.execute(nationalFiguresStreamId(fiscalYear), nationalFiguresFold, context, () =>
      recordNationalFigures({ fiscalYear, indicatorId, figures }, year.phase, framework, registered, this.clock.now()),
    );
    response.setHeader('ETag', `"${outcome.version}"`);
    return { fiscalYear, indicatorId, count: figures.length, version: outcome.version.toString() };
  }

  /** The national figures recorded so far, by indicator. */
  @Get()
  async list(@Param('fiscalYear') fiscalYear: string) {
    await this.reader.openedYear(fiscalYear);
    return { fiscalYear, figures: (await this.reader.nationalFigures(fiscalYear)).byIndicator };
  }
}
