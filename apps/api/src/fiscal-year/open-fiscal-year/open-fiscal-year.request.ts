import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { DEFAULT_SHIPPED_FRAMEWORK_IDS, isShippedFrameworkId, parseFramework, SHIPPED_FRAMEWORKS, shippedFrameworkIds } from '@grants/domain';
import type { Framework } from '@grants/domain';
import { IsFiscalYearLabel } from '../../common/validation';
import type { YearOpening } from './open-fiscal-year.command';

const YEN = /^(0|[1-9]\d{0,15})$/;
const YEN_MESSAGE = '$property: 0 以上の整数（円）を文字列で指定してください / whole yen as a decimal string, e.g. "19000000000"';

export class PoolsDto {
  @ApiProperty({ example: '19000000000', description: '推進・市町村分（円）' })
  @Matches(YEN, { message: YEN_MESSAGE })
  suishinMunicipalYen: string;

  @ApiProperty({ example: '1000000000', description: '推進・都道府県分（円）' })
  @Matches(YEN, { message: YEN_MESSAGE })
  suishinPrefecturalYen: string;

  @ApiProperty({ example: '19000000000', description: '支援・市町村分（円）' })
  @Matches(YEN, { message: YEN_MESSAGE })
  shienMunicipalYen: string;

  @ApiProperty({ example: '1000000000', description: '支援・都道府県分（円）' })
  @Matches(YEN, { message: YEN_MESSAGE })
  shienPrefecturalYen: string;
}

export class DeadlinesDto {
  @ApiProperty({ example: '2024-07-31T08:00:00.000Z', description: '保険者の自己評価の提出期限' })
  @IsISO8601({ strict: true })
  submissionsDueAt: string;

  @ApiProperty({ example: '2024-08-30T08:00:00.000Z', description: '都道府県の回答・所要見込額の提出期限' })
  @IsISO8601({ strict: true })
  prefectureSubmissionsDueAt: string;

  @ApiProperty({ example: '2024-10-31T08:00:00.000Z', description: '国の審査の期限' })
  @IsISO8601({ strict: true })
  reviewDueAt: string;
}

const MUNICIPAL_IDS = shippedFrameworkIds('municipal');
const PREFECTURAL_IDS = shippedFrameworkIds('prefectural');
/** 400 naming the field and listing what it accepts (GET /frameworks lists them with their titles). */
const shippedIdMessage = (ids: readonly string[]) =>
  `$property: 同梱の指標体系 ID を指定してください / must be a shipped framework id: ${ids.join(', ')}`;

export class OpenFiscalYearRequest {
  @ApiProperty({ example: 'FY2024' })
  @IsFiscalYearLabel()
  fiscalYear: string;

  @ApiProperty({ type: PoolsDto })
  @ValidateNested()
  @Type(() => PoolsDto)
  pools: PoolsDto;

  @ApiPropertyOptional({ enum: MUNICIPAL_IDS, description: '同梱の指標体系（municipalFramework を送らない場合、既定 fy2024-municipal）' })
  @IsOptional()
  @IsIn(MUNICIPAL_IDS, { message: shippedIdMessage(MUNICIPAL_IDS) })
  municipalFrameworkId?: string;

  @ApiPropertyOptional({ description: '市町村分の指標体系 JSON（版付き）' })
  @IsOptional()
  @IsObject()
  municipalFramework?: Record<string, unknown>;

  @ApiPropertyOptional({ enum: PREFECTURAL_IDS, description: '同梱の指標体系（prefecturalFramework を送らない場合、既定 fy2021-prefectural）' })
  @IsOptional()
  @IsIn(PREFECTURAL_IDS, { message: shippedIdMessage(PREFECTURAL_IDS) })
  prefecturalFrameworkId?: string;

  @ApiPropertyOptional({ description: '都道府県分の指標体系 JSON（版付き）' })
  @IsOptional()
  @IsObject()
  prefecturalFramework?: Record<string, unknown>;

  @ApiProperty({ type: DeadlinesDto })
  @ValidateNested()
  @Type(() => DeadlinesDto)
  deadlines: DeadlinesDto;

  @ApiProperty({ example: 'municipal-score-x-insured-v1' })
  @IsString()
  @MaxLength(50)
  allocationRuleVersion: string;

  @ApiPropertyOptional({ example: '1000', description: '端数処理の単位（円、既定 1,000 円）' })
  @IsOptional()
  @Matches(YEN, { message: YEN_MESSAGE })
  unitYen?: string;
}

/** The opening as the command carries it: frameworks sent as JSON are parsed (400 naming the problem), else the shipped ones. */
export function yearOpening(body: OpenFiscalYearRequest): YearOpening {
  return {
    fiscalYear: body.fiscalYear,
    pools: { ...body.pools },
    municipalFramework: frameworkOf(body.municipalFramework, body.municipalFrameworkId ?? DEFAULT_SHIPPED_FRAMEWORK_IDS.municipal),
    prefecturalFramework: frameworkOf(body.prefecturalFramework, body.prefecturalFrameworkId ?? DEFAULT_SHIPPED_FRAMEWORK_IDS.prefectural),
    deadlines: { ...body.deadlines },
    allocationRuleVersion: body.allocationRuleVersion,
    unitYen: body.unitYen ?? '1000',
  };
}

function frameworkOf(json: Record<string, unknown> | undefined, shippedId: string): Framework {
  if (json !== undefined) return parseFramework(json);
  // The DTO admits only shipped ids; the guard keeps a lookup from ever answering undefined.
  if (!isShippedFrameworkId(shippedId)) throw new RangeError(`not a shipped framework: ${shippedId}`);
  return SHIPPED_FRAMEWORKS[shippedId];
}
