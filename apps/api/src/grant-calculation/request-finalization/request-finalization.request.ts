import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Min } from 'class-validator';

export class FinalizationRequest {
  @ApiPropertyOptional({ example: 3, description: '確定する試算の番号（最新の試算）。mhlw-fy2024-v1 の年度では不要（所要見込額による精算を起案）' })
  @IsOptional()
  @IsInt()
  @Min(1)
  trialNumber?: number;
}
