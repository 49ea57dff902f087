import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { SafeText } from '../../common/safe-text';

export class ReturnSubmissionRequest {
  @ApiProperty({ description: '差戻しの理由', example: '指標 I-i-2 の根拠資料が不足しています。' })
  @SafeText({ lineBreaks: true })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason: string;

  @ApiPropertyOptional({
    description: '再提出期限（ISO 8601、時差付き）: この日時まで保険者は一般の提出期限後も修正・再提出できます。省略時は差戻しの 14 日後（一般の期限が後ならその期限）。',
    example: '2025-06-20T17:00+09:00',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  reopenUntil?: string;
}
