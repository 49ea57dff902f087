import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { FY2021_PREFECTURAL_FRAMEWORK, FY2024_MUNICIPAL_FRAMEWORK, parseFramework } from '@grants/domain';
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

export const SHIPPED_FRAMEWORK_IDS = ['fy2024-municipal', 'fy2021-prefectural'] as const;

export class OpenFiscalYearRequest {
  @ApiProperty({ example: 'FY2024' })
  @IsFiscalYearLabel()
  fiscalYear: string;

  @ApiProperty({ type: PoolsDto })
  @ValidateNested()
  @Type(() => PoolsDto)
  pools: PoolsDto;

  @ApiPropertyOptional({ enum: SHIPPED_FRAMEWORK_IDS, description: '同梱の指標体系（municipalFramework を送らない場合）' })
  @IsOptional()
  @IsIn(SHIPPED_FRAMEWORK_IDS)
  municipalFrameworkId?: string;

  @ApiPropertyOptional({ description: '市町村分の指標体系 JSON（版付き）' })
  @IsOptional()
  @IsObject()
  municipalFramework?: Record<string, unknown>;

  @ApiPropertyOptional({ enum: SHIPPED_FRAMEWORK_IDS })
  @IsOptional()
  @IsIn(SHIPPED_FRAMEWORK_IDS)
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

const SHIPPED: Readonly<Record<string, Framework>> = {
  'fy2024-municipal': FY2024_MUNICIPAL_FRAMEWORK,
  'fy2021-prefectural': FY2021_PREFECTURAL_FRAMEWORK,
};

/** The opening as the command carries it: frameworks sent as JSON are parsed (400 naming the problem), else the shipped ones. */
export function yearOpening(body: OpenFiscalYearRequest): YearOpening {
  return {
    fiscalYear: body.fiscalYear,
    pools: { ...body.pools },
    municipalFramework: frameworkOf(body.municipalFramework, body.municipalFrameworkId ?? 'fy2024-municipal'),
    prefecturalFramework: frameworkOf(body.prefecturalFramework, body.prefecturalFrameworkId ?? 'fy2021-prefectural'),
    deadlines: { ...body.deadlines },
    allocationRuleVersion: body.allocationRuleVersion,
    unitYen: body.unitYen ?? '1000',
  };
}

function frameworkOf(json: Record<string, unknown> | undefined, shippedId: string): Framework {
  return json !== undefined ? parseFramework(json) : SHIPPED[shippedId];
}
