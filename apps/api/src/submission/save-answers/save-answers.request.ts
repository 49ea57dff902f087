import { ApiProperty } from '@nestjs/swagger';
import { IsObject } from 'class-validator';
import { MaxKeys } from '../../common/validation';
import { MAX_ANSWERS_PER_REQUEST } from '../answers';

export class SaveAnswersRequest {
  @ApiProperty({ example: { 'suishin-I-i-1': { answerType: 'yes_no', yes: true }, 'suishin-I-i-2': { answerType: 'choice', optionIds: ['a'] } } })
  @IsObject()
  @MaxKeys(MAX_ANSWERS_PER_REQUEST)
  answers: Record<string, unknown>;
}
