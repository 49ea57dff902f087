import 'reflect-metadata';
import { BadRequestException } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { toErrorBody } from './http-exception.filter';
import { createValidationPipe, IsFiscalYearLabel, MaxKeys } from './validation';

class LineDto {
  @IsInt()
  @Min(0)
  amountYen: number;
}

class SubmitDto {
  @IsString()
  applicationId: string;

  @ValidateNested({ each: true })
  @Type(() => LineDto)
  lines: LineDto[];
}

async function rejectionOf(body: unknown): Promise<BadRequestException> {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype: SubmitDto });
  } catch (error) {
    return error as BadRequestException;
  }
  throw new Error('expected the pipe to reject the body');
}

describe('the global validation pipe', () => {
  it('refuses properties the DTO does not declare (mass assignment)', async () => {
    const error = await rejectionOf({ applicationId: 'A-1', lines: [], prefectureId: '13', status: 'Approved' });
    expect(toErrorBody(error).body).toEqual({
      statusCode: 400,
      code: 'VALIDATION.INVALID_BODY',
      message: expect.stringMatching(/^入力内容が不正です。.* The request is invalid/),
      errors: [
        { field: 'prefectureId', messages: ['property prefectureId should not exist'] },
        { field: 'status', messages: ['property status should not exist'] },
      ],
    });
  });

  it('names nested fields by their path', async () => {
    const error = await rejectionOf({ applicationId: 7, lines: [{ amountYen: 1 }, { amountYen: -5 }] });
    expect(toErrorBody(error).body).toMatchObject({
      errors: [
        { field: 'applicationId', messages: ['applicationId must be a string'] },
        { field: 'lines.1.amountYen', messages: ['amountYen must not be less than 0'] },
      ],
    });
  });

  it('passes a valid body through as an instance of the DTO', async () => {
    const value: unknown = await createValidationPipe().transform({ applicationId: 'A-1', lines: [{ amountYen: 1000 }] }, { type: 'body', metatype: SubmitDto });
    expect(value).toBeInstanceOf(SubmitDto);
  });
});

class YearDto {
  @IsFiscalYearLabel()
  fiscalYear: string;
}

describe('IsFiscalYearLabel', () => {
  it.each(['FY2024', 'FY2010', 'FY2099'])('accepts %p', async (fiscalYear) => {
    await expect(createValidationPipe().transform({ fiscalYear }, { type: 'body', metatype: YearDto })).resolves.toEqual({ fiscalYear });
  });

  it.each(['FY2009', 'FY24', '2024', 'fy2024', 2024])('refuses %p with the label message', async (fiscalYear) => {
    const rejection = createValidationPipe().transform({ fiscalYear }, { type: 'body', metatype: YearDto });
    await expect(rejection).rejects.toBeInstanceOf(BadRequestException);
    const error = await rejection.catch((e: unknown) => e);
    expect(toErrorBody(error).body.errors).toEqual([{ field: 'fiscalYear', messages: ["fiscalYear: 'FY2024' の形式で指定してください / must look like 'FY2024'"] }]);
  });
});

class AnswersDto {
  @MaxKeys(3)
  answers: Record<string, unknown>;
}

describe('MaxKeys', () => {
  const keys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`q${i}`, true]));

  it('passes a map-like field of up to the limit of keys', async () => {
    await expect(createValidationPipe().transform({ answers: keys(3) }, { type: 'body', metatype: AnswersDto })).resolves.toBeInstanceOf(AnswersDto);
  });

  it('refuses one key more with 400 VALIDATION.TOO_MANY_KEYS naming the field and the limit', async () => {
    const error = await createValidationPipe()
      .transform({ answers: keys(4) }, { type: 'body', metatype: AnswersDto })
      .catch((e: unknown) => e);
    expect(toErrorBody(error).body).toEqual({
      statusCode: 400,
      code: 'VALIDATION.TOO_MANY_KEYS',
      message: expect.stringMatching(/^キーが多すぎる項目があります。.* A field has too many keys/),
      errors: [{ field: 'answers', messages: ['answers: キーは 3 個までです / at most 3 keys'] }],
    });
  });
});
