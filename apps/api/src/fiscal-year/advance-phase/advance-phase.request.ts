import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PHASES } from '@grants/domain';
import type { Phase } from '@grants/domain';
import { SafeText } from '../../common/safe-text';

export class AdvancePhaseRequest {
  @ApiProperty({ enum: PHASES, example: 'submissions_closed' })
  @IsIn(PHASES)
  to: Phase;

  @ApiPropertyOptional({ example: '2024-08-31T08:00:00.000Z', description: '所要見込額の受付期限（requests_open に進むときに必須、UTC からの時差付き）' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  requestsDueAt?: string;

  @ApiPropertyOptional({ description: '理由（監査記録に残ります）' })
  @IsOptional()
  @SafeText({ lineBreaks: true })
  @IsString()
  @MaxLength(1000)
  reason?: string;
}
