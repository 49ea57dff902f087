import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { SafeText } from '../../common/safe-text';

export class ScoreCorrectionRequest {
  @ApiProperty({ enum: ['municipal', 'prefectural'] })
  @IsIn(['municipal', 'prefectural'])
  level: 'municipal' | 'prefectural';

  @ApiProperty({ example: '242055', description: '保険者番号、または都道府県コード' })
  @Matches(/^(\d{6}|\d{2})$/)
  code: string;

  @ApiProperty({ enum: ['suishin', 'shien'] })
  @IsIn(['suishin', 'shien'])
  grant: 'suishin' | 'shien';

  /** A first bound; the grant's own maximum for the level, from the year's framework, is checked when the request is decided. */
  @ApiProperty({ example: 280, description: '訂正後の得点（交付金ごと、0 以上その交付金の満点以下の整数）' })
  @IsInt()
  @Min(0)
  @Max(10_000)
  score: number;

  @ApiProperty({ description: '訂正の理由（必須）' })
  @SafeText({ lineBreaks: true })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason: string;
}
