import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';

export class FinalizationRequest {
  @ApiProperty({ example: 3, description: '確定する試算の番号（最新の試算）' })
  @IsInt()
  @Min(1)
  trialNumber: number;
}
