import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidateBy, ValidationOptions } from 'class-validator';
import { isFiscalYearLabel } from '@grants/domain';
import { CodedErrorResponse } from './http-exception.filter';

export interface FieldErrors {
  readonly field: string;
  readonly messages: string[];
}

/** Flattens class-validator's tree into dotted paths: `items.0.amountYen`. */
export function flattenValidationErrors(errors: readonly ValidationError[], parent = ''): FieldErrors[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

export function validationExceptionFactory(errors: ValidationError[]): BadRequestException {
  const response: CodedErrorResponse = {
    code: 'VALIDATION.INVALID_BODY',
    message: '入力内容が不正です。各項目のエラーを確認してください。 The request is invalid; see the errors of each field.',
    errors: flattenValidationErrors(errors),
  };
  return new BadRequestException(response);
}

/**
 * Mass assignment guard (RELIABILITY.md §3, API3): unknown properties are refused, not silently dropped, so a body
 * carrying `prefectureId`, `status` or `approvedBy` that the DTO does not declare is a 400.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: validationExceptionFactory,
  });
}

/**
 * A body's fiscal-year label, checked by `isFiscalYearLabel`: the same check as paths (FiscalYearPipe), the deciders
 * and the CLI. `@IsFiscalYearLabel() fiscalYear: string`.
 */
export function IsFiscalYearLabel(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isFiscalYearLabel',
      validator: {
        validate: (value: unknown) => isFiscalYearLabel(value),
        defaultMessage: () => "fiscalYear: 'FY2024' の形式で指定してください / must look like 'FY2024'",
      },
    },
    options,
  );
}
