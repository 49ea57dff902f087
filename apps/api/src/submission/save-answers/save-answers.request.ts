import { ApiProperty } from '@nestjs/swagger';
import { IsObject } from 'class-validator';

export class SaveAnswersRequest {
  @ApiProperty({ example: { 'suishin-I-i-1': { answerType: 'yes_no', yes: true }, 'suishin-I-i-2': { answerType: 'choice', optionIds: ['a'] } } })
  @IsObject()
  answers: Record<string, unknown>;
}
