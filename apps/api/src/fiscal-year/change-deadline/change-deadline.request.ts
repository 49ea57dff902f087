import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { DEADLINE_KEYS } from '@grants/domain';
import type { DeadlineKey } from '@grants/domain';
import { SafeText } from '../../common/safe-text';

export class ChangeDeadlineRequest {
  @ApiProperty({ enum: DEADLINE_KEYS, description: '変更する期限', example: 'submissionsDueAt' })
  @IsIn(DEADLINE_KEYS)
  deadline: DeadlineKey;

  @ApiProperty({ description: '新しい期限（ISO 8601、時差付き）。後ろへ動かせば延長、前へ動かせば繰上げ（現在以降）。', example: '2025-06-13T17:00+09:00' })
  @IsString()
  @MaxLength(40)
  dueAt: string;

  @ApiProperty({ description: '変更の理由（年度の履歴と監査記録に残ります）', example: '災害のため提出期限を 2 週間延長する。' })
  @SafeText({ lineBreaks: true })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason: string;
}
