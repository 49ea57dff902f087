import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { GRANT_STEPS } from '@grants/domain';
import type { GrantStep } from '@grants/domain';

export class RecordGrantStepRequest {
  @ApiProperty({ enum: GRANT_STEPS, description: '手続（交付申請 application → 交付決定 decision → 実績報告 performance_report → 額の確定 amount_confirmation → 返還 refund）', example: 'application' })
  @IsIn(GRANT_STEPS)
  step: GrantStep;

  @ApiProperty({ description: '手続の日付（YYYY-MM-DD、日本時間の暦日、本日以前）', example: '2025-01-20' })
  @IsString()
  @MaxLength(10)
  date: string;

  @ApiProperty({ description: '理由・文書番号など（年度の履歴と監査記録に残ります）', example: '老発0120第1号により交付決定' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason: string;
}
