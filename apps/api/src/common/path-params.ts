import { Injectable, PipeTransform } from '@nestjs/common';
import { DomainError, isFiscalYearLabel, isPrefectureCode } from '@grants/domain';

/**
 * Path parameters checked by format before any handler runs: 400 VALIDATION.INVALID_PATH naming the parameter, in
 * Japanese and English. One pipe per kind of identifier, used by every route that takes it.
 *
 *   @Param('fiscalYear', FiscalYearPipe) fiscalYear: string
 */
function invalidPath(field: string, ja: string, en: string): DomainError {
  return new DomainError('invalid', 'VALIDATION.INVALID_PATH', ja, en, field);
}

@Injectable()
export class FiscalYearPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isFiscalYearLabel(value)) throw invalidPath('fiscalYear', "年度は 'FY2024' の形式で指定してください。", "The fiscal year must look like 'FY2024'.");
    return value;
  }
}

const INSURER_CODE = /^\d{6}$/;

@Injectable()
export class InsurerCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!INSURER_CODE.test(value)) throw invalidPath('insurerCode', '保険者番号は6桁の数字です。', 'The insurer code is 6 digits.');
    return value;
  }
}

@Injectable()
export class PrefectureCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isPrefectureCode(value)) throw invalidPath('prefectureCode', '都道府県コードは 01〜47 です。', 'The prefecture code is 01–47.');
    return value;
  }
}

const INDICATOR_ID = /^[A-Za-z0-9_.-]{1,60}$/;

@Injectable()
export class IndicatorIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!INDICATOR_ID.test(value)) throw invalidPath('indicatorId', '指標IDが不正です。', 'Invalid indicator id.');
    return value;
  }
}
