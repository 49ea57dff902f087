import { Injectable, PipeTransform } from '@nestjs/common';
import { DomainError } from '@grants/domain';

export type TemplateFormat = 'csv' | 'xlsx';
export type TemplateEncoding = 'utf-8' | 'shift_jis';

const invalidQuery = (field: string, values: readonly string[]) =>
  new DomainError('invalid', 'VALIDATION.INVALID_QUERY', `${field} は ${values.join('、')} のいずれかです。`, `${field} must be one of ${values.join(', ')}.`, field);

/** `?format=csv|xlsx`, CSV when absent. */
@Injectable()
export class TemplateFormatPipe implements PipeTransform<string | undefined, TemplateFormat> {
  transform(value: string | undefined): TemplateFormat {
    if (value === undefined || value === 'csv') return 'csv';
    if (value === 'xlsx') return 'xlsx';
    throw invalidQuery('format', ['csv', 'xlsx']);
  }
}

/** `?encoding=utf-8|shift_jis` for the CSV, UTF-8 (with a BOM) when absent. */
@Injectable()
export class TemplateEncodingPipe implements PipeTransform<string | undefined, TemplateEncoding> {
  transform(value: string | undefined): TemplateEncoding {
    if (value === undefined || value === 'utf-8') return 'utf-8';
    if (value === 'shift_jis') return 'shift_jis';
    throw invalidQuery('encoding', ['utf-8', 'shift_jis']);
  }
}
