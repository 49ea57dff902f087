import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AnswerReview } from '@grants/domain';
import { parseAnswer } from '../../submission/answers';
import { IsIn, IsNotEmpty, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { SafeText } from '../../common/safe-text';

export class ReviewAnswerRequest {
  @ApiProperty({ example: 'suishin-I-i-2' })
  @Matches(/^[A-Za-z0-9_.-]{1,60}$/)
  indicatorId: string;

  @ApiProperty({ enum: ['accepted', 'corrected'] })
  @IsIn(['accepted', 'corrected'])
  decision: 'accepted' | 'corrected';

  @ApiPropertyOptional({ description: '訂正後の回答 (corrected の場合)', example: { answerType: 'choice', optionIds: ['b'] } })
  @IsOptional()
  @IsObject()
  answer?: Record<string, unknown>;

  @ApiPropertyOptional({ description: '訂正の理由 (corrected の場合は必須)' })
  @IsOptional()
  @SafeText({ lineBreaks: true })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason?: string;
}

/** The reviewer's decision as the deciders take it: the corrected answer checked by shape (the decider checks it against the framework). */
export function reviewOf({ indicatorId, decision, answer, reason }: ReviewAnswerRequest): AnswerReview {
  return { indicatorId, decision, answer: answer === undefined ? undefined : parseAnswer(answer, 'answer'), reason };
}
