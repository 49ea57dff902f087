import { createParamDecorator, ExecutionContext, Injectable, PipeTransform } from '@nestjs/common';
import type { Request } from 'express';
import { CALCULATION_REF, DomainError, isFiscalYearLabel, isRecipientCode, TIMELINE_FIELDS } from '@grants/domain';
import { ChainDigest, parseChainDigest } from '@grants/event-store';

/** 400 VALIDATION.INVALID_QUERY naming the query parameter, in Japanese and English. */
export const invalidQuery = (field: string, ja: string, en: string) => new DomainError('invalid', 'VALIDATION.INVALID_QUERY', ja, en, field);

/** `{code}`: a prefecture (01–47) or an insurer (6-digit 地方公共団体コード with a valid check digit). */
@Injectable()
export class RecipientCodePipe implements PipeTransform<string, string> {
  transform(code: string): string {
    if (isRecipientCode(code)) return code;
    throw new DomainError(
      'invalid',
      'VALIDATION.INVALID_PARAM',
      `「${code}」は都道府県コード（01–47）でも検査数字の正しい地方公共団体コード（6桁）でもありません。`,
      `"${code}" is neither a prefecture code (01–47) nor a 6-digit local government code with a valid check digit.`,
      'code',
    );
  }
}

/** `?digest=<position>:<sha256 hex>`, when given. */
@Injectable()
export class ChainDigestPipe implements PipeTransform<string | undefined, ChainDigest | undefined> {
  transform(text: string | undefined): ChainDigest | undefined {
    if (text === undefined) return undefined;
    const digest = parseChainDigest(text);
    if (!digest) throw invalidQuery('digest', 'digest は「位置:64桁の16進数」の形式です。', 'digest is <position>:<64 hex digits>.');
    return digest;
  }
}

/** `?fields=score,amount`: timeline field families, when given. */
@Injectable()
export class TimelineFieldsPipe implements PipeTransform<string | undefined, string[] | undefined> {
  transform(text: string | undefined): string[] | undefined {
    const fields = text?.split(',').map((f) => f.trim());
    const unknown = fields?.find((f) => !(TIMELINE_FIELDS as readonly string[]).includes(f));
    if (unknown !== undefined) throw invalidQuery('fields', `fields に「${unknown}」は指定できません（${TIMELINE_FIELDS.join('、')}）。`, `Unknown field family "${unknown}".`);
    return fields;
  }
}

/** `?from=` / `?to=`: a calculation by the names auditors use, with a default. */
export class CalculationRefPipe implements PipeTransform<string | undefined, string> {
  constructor(
    private readonly name: string,
    private readonly fallback: string,
  ) {}

  transform(value: string | undefined): string {
    const ref = value ?? this.fallback;
    if (!CALCULATION_REF.test(ref)) {
      throw invalidQuery(
        this.name,
        `${this.name} には trial:<番号>、final、recalculation:<番号>、latest、in-force、@<位置> または @<ISO 日時> を指定してください。`,
        `${this.name} is trial:<n>, final, recalculation:<n>, latest, in-force, @<position> or @<ISO time>.`,
      );
    }
    return ref;
  }
}

/** `?all=true|false` (default false). */
@Injectable()
export class AllPipe implements PipeTransform<string | undefined, boolean> {
  transform(all: string | undefined): boolean {
    if (all !== undefined && all !== 'true' && all !== 'false') throw invalidQuery('all', 'all は true か false です。', 'all is true or false.');
    return all === 'true';
  }
}

/** `?format=json|csv` (default json). */
@Injectable()
export class DiffFormatPipe implements PipeTransform<string | undefined, 'json' | 'csv'> {
  transform(format: string | undefined): 'json' | 'csv' {
    if (format !== undefined && format !== 'json' && format !== 'csv') throw invalidQuery('format', 'format は json か csv です。', 'format is json or csv.');
    return format ?? 'json';
  }
}

/** `?fiscalYear=FY2024`, when given. */
@Injectable()
export class OptionalFiscalYearPipe implements PipeTransform<string | undefined, string | undefined> {
  transform(fiscalYear: string | undefined): string | undefined {
    if (fiscalYear !== undefined && !isFiscalYearLabel(fiscalYear)) throw invalidQuery('fiscalYear', "fiscalYear は 'FY2024' の形式で指定してください。", "fiscalYear looks like 'FY2024'.");
    return fiscalYear;
  }
}

/**
 * `@AllQuery() all: boolean`: `?all=` through AllPipe. A parameter decorator of its own, not `@Query('all', AllPipe)`:
 * the global ValidationPipe (transform) would turn the text of a `boolean` parameter into true/false before AllPipe
 * saw it (`?all=maybe` arriving as false instead of a 400); it leaves custom decorators alone.
 */
export const AllQuery = createParamDecorator((_: unknown, context: ExecutionContext): boolean => {
  const value = context.switchToHttp().getRequest<Request>().query.all;
  return new AllPipe().transform(typeof value === 'string' || value === undefined ? value : String(value));
});
