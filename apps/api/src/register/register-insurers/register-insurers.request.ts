import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, Equals, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { SafeText } from '../../common/safe-text';

export class InsurerDto {
  @ApiProperty({ example: '242055', description: '地方公共団体コード（6桁、検査数字付き）' })
  @Matches(/^\d{6}$/, { message: 'code: 6桁の数字です / 6 digits' })
  code: string;

  @ApiProperty({ example: '桑名市' })
  @SafeText()
  @IsString()
  @MaxLength(100)
  name: string;

  @ApiProperty({ example: 37000, description: '第1号被保険者数' })
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  category1InsuredPersons: number;

  @ApiPropertyOptional({ example: true, description: '広域連合（一部事務組合）の行。構成市町村が個別に採点され、この行は採点されない' })
  @IsOptional()
  @Equals(true, { message: 'isUnion: true のみ指定できます / only true' })
  isUnion?: true;

  @ApiPropertyOptional({ example: '018660', description: '構成市町村の行: 所属する広域連合の地方公共団体コード' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'unionCode: 6桁の数字です / 6 digits' })
  unionCode?: string;
}

export class RegisterInsurersRequest {
  @ApiProperty({ type: [InsurerDto] })
  @ValidateNested({ each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(2000)
  @Type(() => InsurerDto)
  insurers: InsurerDto[];
}
