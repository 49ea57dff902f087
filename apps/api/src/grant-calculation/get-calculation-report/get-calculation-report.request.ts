import { Injectable, PipeTransform } from '@nestjs/common';
import { DomainError } from '@grants/domain';

export type ReportFormat = 'csv' | 'xlsx';
export type ReportEncoding = 'utf-8' | 'shift_jis';

/** `?format=`: csv (the default) or xlsx; anything else is a 400 naming `format`. */
@Injectable()
export class ReportFormatPipe implements PipeTransform<string | undefined, ReportFormat> {
  transform(value: string | undefined): ReportFormat {
    if (value === undefined || value === 'csv' || value === 'xlsx') return value ?? 'csv';
    throw new DomainError('invalid', 'VALIDATION.INVALID_QUERY', 'format は csv か xlsx です。', 'format must be csv or xlsx.', 'format');
  }
}

/** `?encoding=`: utf-8 (with BOM, the default) or shift_jis; anything else is a 400 naming `encoding`. */
@Injectable()
export class ReportEncodingPipe implements PipeTransform<string | undefined, ReportEncoding> {
  transform(value: string | undefined): ReportEncoding {
    if (value === undefined || value === 'utf-8' || value === 'shift_jis') return value ?? 'utf-8';
    throw new DomainError('invalid', 'VALIDATION.INVALID_QUERY', 'encoding は utf-8 か shift_jis です。', 'encoding must be utf-8 or shift_jis.', 'encoding');
  }
}

/** `?calculation=`: trial:N, final or recalculation:N; absent: the calculation in force. Anything else is a 400 naming it. */
@Injectable()
export class CalculationRefPipe implements PipeTransform<string | undefined, string | undefined> {
  transform(value: string | undefined): string | undefined {
    if (value === undefined || (typeof value === 'string' && /^(final|trial:[1-9]\d{0,5}|recalculation:[1-9]\d{0,5})$/.test(value))) return value;
    throw new DomainError(
      'invalid',
      'VALIDATION.INVALID_QUERY',
      'calculation は trial:番号、final、recalculation:番号 のいずれかです。',
      'calculation must be trial:N, final or recalculation:N.',
      'calculation',
    );
  }
}
