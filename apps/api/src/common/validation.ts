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

function hasConstraint(errors: readonly ValidationError[], name: string): boolean {
  return errors.some((error) => (error.constraints !== undefined && name in error.constraints) || hasConstraint(error.children ?? [], name));
}

export function validationExceptionFactory(errors: ValidationError[]): BadRequestException {
  // A map-like field over its `@MaxKeys` limit gets the same code as a body over the JSON limits (json-limits.ts).
  const tooManyKeys = hasConstraint(errors, MAX_KEYS);
  const response: CodedErrorResponse = {
    code: tooManyKeys ? 'VALIDATION.TOO_MANY_KEYS' : 'VALIDATION.INVALID_BODY',
    message: tooManyKeys
      ? 'キーが多すぎる項目があります。各項目のエラーを確認してください。 A field has too many keys; see the errors of each field.'
      : '入力内容が不正です。各項目のエラーを確認してください。 The request is invalid; see the errors of each field.',
    errors: flattenValidationErrors(errors),
  };
  return new BadRequestException(response);
}

const MAX_KEYS = 'maxKeys';

/**
 * A map-like field (answers keyed by indicator id) holds an object of at most `max` keys: 400
 * VALIDATION.TOO_MANY_KEYS naming the field. The JSON limits have already bounded every object to 1,000 keys, so
 * class-transformer's work before this check is bounded too.
 */
export function MaxKeys(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: MAX_KEYS,
      constraints: [max],
      validator: {
        validate: (value: unknown) => typeof value !== 'object' || value === null || Object.keys(value).length <= max,
        defaultMessage: (args) => `${args?.property ?? 'field'}: キーは ${max} 個までです / at most ${max} keys`,
      },
    },
    options,
  );
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
