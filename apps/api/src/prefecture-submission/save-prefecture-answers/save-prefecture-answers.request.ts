import { ApiProperty } from '@nestjs/swagger';
import { IsObject } from 'class-validator';
import { MaxKeys } from '../../common/validation';
import { MAX_ANSWERS_PER_REQUEST } from '../../submission/answers';

export class SavePrefectureAnswersRequest {
  @ApiProperty({ example: { 'suishin-I-1': { answerType: 'yes_no', yes: true } } })
  @IsObject()
  @MaxKeys(MAX_ANSWERS_PER_REQUEST)
  answers: Record<string, unknown>;
}
