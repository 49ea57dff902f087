import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsNumber, IsOptional, Matches, ValidateNested } from 'class-validator';

export class FigureRequest {
  @ApiProperty({ example: '242055', description: '保険者番号（6桁）、都道府県分の指標は都道府県コード（2桁）' })
  @Matches(/^(\d{6}|\d{2})$/)
  code: string;

  @ApiProperty({ example: 0.42, nullable: true, description: '国の数値（不明は null）' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  value: number | null;
}

export class RecordNationalFiguresRequest {
  @ApiProperty({ type: [FigureRequest] })
  @ValidateNested({ each: true })
  @ArrayMaxSize(2000)
  @Type(() => FigureRequest)
  figures: FigureRequest[];
}
