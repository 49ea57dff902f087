import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

const YEN = /^(0|[1-9]\d{0,12})$/;
const YEN_MESSAGE = '$property: 0 以上の整数（円）を文字列で指定してください / whole yen as a decimal string';

export class RequestAmountsRequest {
  @ApiProperty({ example: '21000000', description: '推進の所要見込額（円）' })
  @Matches(YEN, { message: YEN_MESSAGE })
  suishinYen: string;

  @ApiProperty({ example: '20500000', description: '支援の所要見込額（円）' })
  @Matches(YEN, { message: YEN_MESSAGE })
  shienYen: string;
}
