import { ApiProperty } from '@nestjs/swagger';
import { IsObject } from 'class-validator';

export class SavePrefectureAnswersRequest {
  @ApiProperty({ example: { 'suishin-I-1': { answerType: 'yes_no', yes: true } } })
  @IsObject()
  answers: Record<string, unknown>;
}
