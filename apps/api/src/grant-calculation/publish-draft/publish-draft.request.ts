import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';

export class PublishDraftRequest {
  @ApiProperty({ example: 1, description: '内示する試算の番号（最新の試算）' })
  @IsInt()
  @Min(1)
  trialNumber: number;
}
