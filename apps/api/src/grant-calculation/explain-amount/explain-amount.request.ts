import { Injectable, PipeTransform } from '@nestjs/common';
import { DomainError } from '@grants/domain';

const RECIPIENT_CODE = /^(\d{6}|\d{2})$/;

/** A recipient of the calculation in the path: a 6-digit 保険者番号 or a 2-digit 都道府県コード; 400 naming `code` otherwise. */
@Injectable()
export class RecipientCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!RECIPIENT_CODE.test(value)) throw new DomainError('invalid', 'VALIDATION.INVALID_PATH', '団体コードが不正です。', 'Invalid code.', 'code');
    return value;
  }
}
