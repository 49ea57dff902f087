import { Body, Controller, Get, Headers, Param, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiHeader, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsInt, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import type { Response } from 'express';
import { DomainError, parseRegisterCsv, registerInsurers, registerStreamId } from '@grants/domain';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { Clock } from '../commands/clock';
import { commandContext } from '../commands/command-context';
import { StreamCommands } from '../commands/stream-commands.service';
import { FiscalYearReader, registerFold } from '../fiscal-year/fiscal-year.reader';

export class InsurerDto {
  @ApiProperty({ example: '242055', description: '地方公共団体コード（6桁、検査数字付き）' })
  @Matches(/^\d{6}$/, { message: 'code: 6桁の数字です / 6 digits' })
  code: string;

  @ApiProperty({ example: '桑名市' })
  @IsString()
  @MaxLength(100)
  name: string;

  @ApiProperty({ example: 37000, description: '第1号被保険者数' })
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  category1InsuredPersons: number;
}

export class RegisterInsurersRequest {
  @ApiProperty({ type: [InsurerDto] })
  @ValidateNested({ each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(2000)
  @Type(() => InsurerDto)
  insurers: InsurerDto[];
}

@ApiTags('register 保険者名簿')
@ApiBearerAuth()
@Controller('fiscal-years/:fiscalYear/insurers')
export class RegisterController {
  constructor(
    private readonly commands: StreamCommands,
    private readonly reader: FiscalYearReader,
    private readonly clock: Clock,
  ) {}

  /** 保険者の登録・訂正 (national administrators): upsert by code; unchanged rows store nothing. */
  @Put()
  @Roles('national-admin')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async register(
    @Param('fiscalYear') fiscalYear: string,
    @Body() body: RegisterInsurersRequest,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const year = await this.reader.openedYear(fiscalYear);
    const context = commandContext(actor, `PUT /fiscal-years/${fiscalYear}/insurers`, body, { idempotencyKey, ifMatch });
    const insurers = body.insurers.map((i) => ({ code: i.code, name: i.name, prefectureCode: i.code.slice(0, 2), category1InsuredPersons: i.category1InsuredPersons }));
    const outcome = await this.commands.execute(registerStreamId(fiscalYear), registerFold, context, (state) =>
      registerInsurers({ fiscalYear, insurers, source: { kind: 'api' } }, state, year.phase, this.clock.now()),
    );
    response.setHeader('ETag', `"${outcome.version}"`);
    const changed = outcome.events.reduce((n, e) => n + ((e.data.insurers as unknown[]) ?? []).length, 0);
    return { fiscalYear, changed, version: outcome.version.toString() };
  }

  /**
   * 保険者名簿の CSV 取込: 保険者番号, 保険者名, [都道府県コード], 第1号被保険者数 (UTF-8 with or without BOM, or
   * Shift_JIS). All or nothing: any bad row refuses the file with every problem by line and column. Re-sending the same
   * file is recognised by its SHA-256 and stores nothing.
   */
  @Put('import')
  @Roles('national-admin')
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiQuery({ name: 'encoding', required: false, enum: ['auto', 'utf-8', 'shift_jis'] })
  async importCsv(
    @Param('fiscalYear') fiscalYear: string,
    @Body() bytes: unknown,
    @Query('encoding') encoding: string | undefined,
    @Query('fileName') fileName: string | undefined,
    @CurrentActor() actor: Actor,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    if (!Buffer.isBuffer(bytes)) {
      throw new DomainError('invalid', 'CSV.CONTENT_TYPE', 'Content-Type: text/csv で CSV ファイルを送ってください。', 'Send the CSV file with Content-Type: text/csv.', 'body');
    }
    if (encoding !== undefined && !['auto', 'utf-8', 'shift_jis'].includes(encoding)) {
      throw new DomainError('invalid', 'VALIDATION.INVALID_QUERY', 'encoding は auto、utf-8、shift_jis のいずれかです。', 'encoding must be auto, utf-8 or shift_jis.', 'encoding');
    }
    const year = await this.reader.openedYear(fiscalYear);
    const csv = parseRegisterCsv(bytes, (encoding ?? 'auto') as 'auto');
    // The file's hash is the idempotency key: the same upload twice is one command.
    const context = commandContext(actor, `PUT /fiscal-years/${fiscalYear}/insurers/import`, { sha256: csv.sha256 }, { idempotencyKey: `register-csv-${csv.sha256.slice(0, 48)}`, ifMatch });
    const outcome = await this.commands.execute(registerStreamId(fiscalYear), registerFold, context, (state) =>
      registerInsurers({ fiscalYear, insurers: csv.insurers, source: { kind: 'csv', fileName: fileName?.slice(0, 200), fileSha256: csv.sha256 } }, state, year.phase, this.clock.now()),
    );
    response.setHeader('ETag', `"${outcome.version}"`);
    const changed = outcome.idempotentReplay ? 0 : outcome.events.reduce((n, e) => n + ((e.data.insurers as unknown[]) ?? []).length, 0);
    return { fiscalYear, rows: csv.insurers.length, changed, encoding: csv.encoding, sha256: csv.sha256, idempotentReplay: outcome.idempotentReplay, version: outcome.version.toString() };
  }

  /** 保険者名簿, optionally one prefecture's. */
  @Get()
  async list(@Param('fiscalYear') fiscalYear: string, @Query('prefecture') prefecture: string | undefined) {
    await this.reader.openedYear(fiscalYear);
    const insurers = [...(await this.reader.register(fiscalYear)).insurers.values()]
      .filter((i) => prefecture === undefined || i.prefectureCode === prefecture)
      .sort((a, b) => (a.code < b.code ? -1 : 1));
    return { fiscalYear, count: insurers.length, insurers };
  }
}
