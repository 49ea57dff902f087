import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class ReturnSubmissionRequest {
  @ApiProperty({ description: '差戻しの理由', example: '指標 I-i-2 の根拠資料が不足しています。' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason: string;
}
